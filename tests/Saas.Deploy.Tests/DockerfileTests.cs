using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Saas.Deploy.Tests;

/// <summary>The images: built from paths that exist, publish output only, non-root, with a health check.</summary>
public sealed class DockerfileTests
{
    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Publishes_its_project_of_the_solution_and_runs_it(string name)
    {
        var deployable = Repo.Get(name);
        var dockerfile = Dockerfile.Load(deployable.Dockerfile);
        Assert.True(File.Exists(Repo.PathOf(deployable.Project)), $"{deployable.Project} does not exist");
        var solution = File.ReadAllText(Path.Combine(Repo.Root, "Saas.sln")).Replace('\\', '/');
        Assert.Contains($"\"{deployable.Project}\"", solution);

        Assert.Contains(dockerfile.Instructions, i => i.Keyword == "RUN" &&
            Regex.IsMatch(i.Arguments, $@"dotnet publish {Regex.Escape(deployable.Project)} -c Release\b"));
        var entrypoint = dockerfile.FinalStage.Single(i => i.Keyword == "ENTRYPOINT");
        Assert.EndsWith($"\"{deployable.AssemblyName}.dll\"]", entrypoint.Arguments);
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Copies_only_paths_that_exist(string name)
    {
        var dockerfile = Dockerfile.Load(Repo.Get(name).Dockerfile);
        var copies = dockerfile.Instructions.Where(i => i.Keyword is "COPY" or "ADD" && !i.Arguments.StartsWith("--from")).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            Assert.Equal("COPY", copy.Keyword); // ADD could fetch URLs and unpack archives: never wanted here
            var words = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in words[..^1])
            {
                var path = Repo.PathOf(source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{copy}: {source} does not exist (build context: the repository root)");
            }
        }
    }

    /// <summary>
    /// The restore runs on the project files alone: every project the service references, directly or not, must be
    /// copied before it, or the restore fails the day a service references a new shared project.
    /// </summary>
    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Copies_every_referenced_project_before_restoring(string name)
    {
        var deployable = Repo.Get(name);
        var dockerfile = Dockerfile.Load(deployable.Dockerfile);
        var firstRestore = dockerfile.Instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore"));
        Assert.True(firstRestore > 0, "the build stage restores before it copies the sources");
        var copiedBefore = dockerfile.Instructions.Take(firstRestore)
            .Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from"))
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToHashSet();

        var needed = ProjectClosure(deployable.Project).Append("deploy/docker/HealthProbe/Saas.HealthProbe.csproj")
            .Concat(["Directory.Build.props", "Directory.Packages.props", "global.json"]);
        foreach (var file in needed)
        {
            Assert.True(copiedBefore.Contains(file), $"{deployable.Dockerfile}: {file} is not copied before the first `dotnet restore`");
        }

        foreach (var project in ProjectClosure(deployable.Project))
        {
            var directory = Path.GetDirectoryName(project)!.Replace('\\', '/');
            Assert.Contains(dockerfile.Instructions, i => i.Keyword == "COPY" &&
                (i.Arguments.StartsWith($"{directory}/ ") || i.Arguments.StartsWith($"{directory.Split('/')[0]}/ ")));
        }
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Runtime_stage_is_a_small_non_root_image_with_the_publish_output_only(string name)
    {
        var dockerfile = Dockerfile.Load(Repo.Get(name).Dockerfile);
        var froms = dockerfile.Instructions.Where(i => i.Keyword == "FROM").ToList();
        Assert.True(froms.Count >= 2, "multi-stage: an SDK stage builds, a runtime stage runs");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", froms[0].Arguments);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:\S+-(noble-chiseled|jammy-chiseled|alpine)\S*\b", froms[^1].Arguments);

        Assert.All(dockerfile.FinalStage.Where(i => i.Keyword is "COPY" or "ADD"), copy => Assert.StartsWith("--from=build ", copy.Arguments));
        Assert.DoesNotContain(dockerfile.FinalStage, i => i.Keyword == "RUN");

        var user = dockerfile.FinalStage.LastOrDefault(i => i.Keyword == "USER");
        Assert.NotNull(user);
        Assert.DoesNotMatch(@"^(root|0)(:|$)", user.Arguments);
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Has_a_healthcheck_on_the_readiness_path(string name)
    {
        var deployable = Repo.Get(name);
        var dockerfile = Dockerfile.Load(deployable.Dockerfile);
        var healthcheck = dockerfile.FinalStage.SingleOrDefault(i => i.Keyword == "HEALTHCHECK");
        Assert.NotNull(healthcheck);
        // Exec form: the chiseled images have no shell to run a CMD-SHELL string.
        Assert.Matches($@"CMD \[""/usr/bin/dotnet"", ""/probe/Saas.HealthProbe.dll"", ""{deployable.ReadinessPath}""\]$", healthcheck.Arguments);
        Assert.Contains(dockerfile.FinalStage, i => i.Keyword == "COPY" && Regex.IsMatch(i.Arguments, @"^--from=build \S+ /probe/?$"));
        Assert.Contains(dockerfile.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish deploy/docker/HealthProbe/Saas.HealthProbe.csproj"));
    }

    /// <summary>The project and every project it references, transitively, relative to the repository root.</summary>
    public static List<string> ProjectClosure(string project)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (seen.Contains(current))
            {
                continue;
            }

            seen.Add(current);
            var directory = Path.GetDirectoryName(Repo.PathOf(current))!;
            foreach (var reference in XDocument.Load(Repo.PathOf(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repo.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }
}

/// <summary>A Dockerfile as instructions (continuation lines joined, comments and parser directives dropped).</summary>
public sealed record Dockerfile(List<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> FinalStage =>
        Instructions.Skip(Instructions.FindLastIndex(i => i.Keyword == "FROM"));

    public static Dockerfile Load(string relativePath)
    {
        var path = Repo.PathOf(relativePath);
        Assert.True(File.Exists(path), $"{relativePath} does not exist");
        var instructions = new List<DockerInstruction>();
        var current = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            current += " " + line.TrimEnd('\\').Trim();
            if (!line.EndsWith('\\'))
            {
                var text = Regex.Replace(current.Trim(), @"\s+", " ");
                var space = text.IndexOf(' ');
                instructions.Add(new DockerInstruction(text[..space].ToUpperInvariant(), text[(space + 1)..]));
                current = "";
            }
        }

        return new Dockerfile(instructions);
    }
}

public sealed record DockerInstruction(string Keyword, string Arguments)
{
    public override string ToString() => $"{Keyword} {Arguments}";
}
