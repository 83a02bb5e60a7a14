using System.Text.RegularExpressions;

namespace Saas.Deploy.Tests;

/// <summary>deploy/docker-compose.yml: valid for docker-compose 1.29, wired, ordered by health, secrets from .env.</summary>
public sealed class ComposeTests
{
    private const string RequiredValue = "test-only-value";

    /// <summary>${VAR}, ${VAR:-default}, ${VAR:?error}; $$ is a literal dollar.</summary>
    private static readonly Regex Variable = new(@"(?<!\$)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<op>:?[-?])?(?<rest>[^}]*)\}");

    /// <summary>The compose file without its comment lines.</summary>
    private static string ComposeText =>
        string.Join('\n', File.ReadAllLines(Repo.ComposeFile).Where(l => !l.TrimStart().StartsWith('#')));

    public static HashSet<string> RequiredVariables =>
        Variable.Matches(ComposeText).Where(m => m.Groups["op"].Value.EndsWith('?')).Select(m => m.Groups["name"].Value).ToHashSet();

    [ToolFact(Tools.DockerCompose)]
    public void Docker_compose_accepts_the_file_with_the_env_template_filled_in()
    {
        var envFile = Path.Combine(Directory.CreateTempSubdirectory("saas-deploy-").FullName, ".env");
        File.WriteAllLines(envFile, Compose.TemplateVariables().Select(v =>
            $"{v.Key}={(RequiredVariables.Contains(v.Key) ? RequiredValue : v.Value)}"));
        try
        {
            var result = Tools.Run(Tools.Ensure(Tools.DockerCompose)!, ["-f", Repo.ComposeFile, "--env-file", envFile, "config", "-q"]);
            Assert.True(result.ExitCode == 0, $"docker-compose config -q: {result}");
            Assert.DoesNotContain("WARNING", result.Error); // e.g. a variable neither set nor defaulted
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(envFile)!, recursive: true);
        }
    }

    [ToolFact(Tools.DockerCompose)]
    public void Docker_compose_refuses_to_start_without_the_required_passwords()
    {
        Assert.NotEmpty(RequiredVariables);
        var result = Tools.Run(Tools.Ensure(Tools.DockerCompose)!, ["-f", Repo.ComposeFile, "--env-file", Repo.EnvTemplate, "config", "-q"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(RequiredVariables, v => result.Error.Contains(v));
    }

    [Fact]
    public void The_env_template_lists_exactly_the_variables_the_compose_file_reads()
    {
        var used = Variable.Matches(ComposeText).Select(m => m.Groups["name"].Value).ToHashSet();
        var listed = Compose.TemplateVariables().Keys.ToHashSet();
        Expect.None(used.Except(listed).Select(v => $"{v} is read by docker-compose.yml but missing from .env.template"));
        Expect.None(listed.Except(used).Select(v => $"{v} is in .env.template but docker-compose.yml never reads it"));
    }

    [Fact]
    public void Uses_no_keys_newer_than_docker_compose_1_29_reads()
    {
        Assert.False(Compose.File.ContainsKey("name"), "top-level name: is rejected by docker-compose 1.29");
        Assert.DoesNotContain("start_interval", ComposeText);
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Each_deployable_is_built_from_its_Dockerfile_and_checked_on_its_readiness_path(string name)
    {
        var deployable = Repo.Get(name);
        var service = Compose.Service(name);
        var build = service.Map("build");
        var context = Path.GetFullPath(Path.Combine(Repo.Deploy, build.Str("context")!));
        Assert.Equal(Repo.Root.TrimEnd('/'), context.TrimEnd('/'));
        Assert.Equal(deployable.Dockerfile, build.Str("dockerfile"));
        Assert.True(File.Exists(Path.Combine(context, build.Str("dockerfile")!)));

        var test = service.Map("healthcheck").List("test").Select(Yaml.Scalar).ToList();
        Assert.Equal(new[] { "CMD", "/usr/bin/dotnet", "/probe/Saas.HealthProbe.dll", deployable.ReadinessPath }, test);
        Assert.Equal("unless-stopped", service.Str("restart"));
        Assert.Equal("true", service.Str("read_only"));
        Assert.Contains("/tmp", service.List("tmpfs").Select(Yaml.Scalar));
    }

    [Fact]
    public void Everything_starts_after_what_it_needs_is_healthy()
    {
        foreach (var (name, definition) in Compose.Services)
        {
            foreach (var (dependency, condition) in (definition as Dictionary<string, object?>)!.MapOrNull("depends_on") ?? [])
            {
                Assert.Equal("service_healthy", (condition as Dictionary<string, object?>)?.Str("condition"));
                Assert.True(Compose.Service(dependency).MapOrNull("healthcheck") is not null, $"{name} waits for {dependency}, which has no healthcheck");
            }
        }

        foreach (var service in Repo.Deployables.Where(d => !d.IsGateway))
        {
            Assert.Equal(new[] { "mongodb", "rabbitmq" }, Compose.Service(service.Name).Map("depends_on").Keys.Order());
        }

        Assert.Equal(
            Repo.Deployables.Where(d => !d.IsGateway).Select(d => d.Name).Order(),
            Compose.Service("gateway").Map("depends_on").Keys.Order());
    }

    [Fact]
    public void MongoDB_is_a_single_node_replica_set_that_initiates_itself()
    {
        var mongo = Compose.Service("mongodb");
        var start = string.Join(" ", mongo.List("entrypoint").Concat(mongo.List("command")).Select(Yaml.Scalar));
        Assert.Contains("--replSet rs0", start);
        Assert.Contains("--keyFile", start); // a replica set with authentication needs one
        var check = string.Join(" ", mongo.Map("healthcheck").List("test").Select(Yaml.Scalar));
        Assert.Contains("rs.initiate", check);
        Assert.Contains("isWritablePrimary", check);

        foreach (var service in Repo.Deployables.Where(d => !d.IsGateway))
        {
            Assert.Contains("replicaSet=rs0", Compose.Environment(service.Name)["ConnectionStrings__mongodb"]);
        }
    }

    [Fact]
    public void RabbitMQ_runs_with_the_management_plugin()
    {
        var rabbit = Compose.Service("rabbitmq");
        Assert.Matches(@"^rabbitmq:[\w.]+-management", rabbit.Str("image"));
        Assert.Contains(rabbit.List("ports").Select(Yaml.Scalar), p => p!.StartsWith("127.0.0.1:") && p.EndsWith(":15672"));
    }

    [Fact]
    public void Volumes_are_named_and_declared_and_bind_mounts_exist()
    {
        var declared = Compose.File.Map("volumes").Keys.ToHashSet();
        var used = new HashSet<string>();
        foreach (var (name, definition) in Compose.Services)
        {
            foreach (var volume in (definition as Dictionary<string, object?>)!.List("volumes").Select(Yaml.Scalar))
            {
                var source = volume!.Split(':')[0];
                if (source.StartsWith('.') || source.StartsWith('/'))
                {
                    Assert.True(File.Exists(Path.Combine(Repo.Deploy, source)) || Directory.Exists(Path.Combine(Repo.Deploy, source)),
                        $"{name}: bind mount {source} does not exist");
                }
                else
                {
                    Assert.True(declared.Contains(source), $"{name}: volume {source} is not declared under volumes:");
                    used.Add(source);
                }
            }
        }

        Assert.Equal(declared.Order(), used.Order());
        Assert.Contains("mongodb-data", used);
        Assert.Contains("rabbitmq-data", used);
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Services_are_addressed_by_their_compose_names(string name)
    {
        foreach (var (key, value) in Compose.Environment(name).Where(e => e.Key.StartsWith("services__")))
        {
            var target = key.Split("__")[1];
            Assert.NotNull(Compose.Service(target));
            Assert.Equal($"http://{target}:8080", value);
        }
    }
}
