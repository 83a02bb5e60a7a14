using System.Text.RegularExpressions;

namespace Saas.Deploy.Tests;

/// <summary>
/// The variables compose and Kubernetes give each process, checked against what its code binds (read from the
/// build output by <see cref="CodeBindings"/>), so a renamed option, a new secret or a new service shows up here.
/// </summary>
public sealed class ConfigurationTests
{
    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Compose_sets_only_variables_the_code_binds(string name)
    {
        var bindings = CodeBindings.For(Repo.Get(name));
        var unbound = Compose.Environment(name).Keys
            .Select(v => (v, why: bindings.WhyUnbound(v))).Where(x => x.why is not null)
            .Select(x => $"docker-compose.yml sets {x.v} for {name}: {x.why}");
        Expect.None(unbound);
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Kubernetes_sets_only_variables_the_code_binds(string name)
    {
        var bindings = CodeBindings.For(Repo.Get(name));
        var unbound = KubernetesEnvironment(name)
            .Select(v => (v, why: bindings.WhyUnbound(v.Name))).Where(x => x.why is not null)
            .Select(x => $"deploy/k8s sets {x.v.Name} for {name}{(x.v.ConfigMap is { } cm ? $" (ConfigMap {cm})" : "")}: {x.why}");
        Expect.None(unbound);
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Compose_and_Kubernetes_wire_the_same_variables(string name)
    {
        var compose = Compose.Environment(name).Keys.ToHashSet();
        var kubernetes = KubernetesEnvironment(name).Select(v => v.Name).ToHashSet();
        Expect.None(compose.Except(kubernetes).Select(v => $"{name}: {v} is set by docker-compose.yml, not by deploy/k8s"));
        Expect.None(kubernetes.Except(compose).Select(v => $"{name}: {v} is set by deploy/k8s, not by docker-compose.yml"));
    }

    /// <summary>A credential the code binds must be wired from a secret in both, or the feature is silently off.</summary>
    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Every_secret_setting_the_code_binds_is_wired_from_a_secret(string name)
    {
        var bindings = CodeBindings.For(Repo.Get(name));
        var kubernetes = KubernetesEnvironment(name).ToDictionary(v => v.Name);
        var compose = Compose.Environment(name);
        foreach (var key in bindings.SecretKeys)
        {
            var variable = key.Replace(":", "__").Replace("#", "0");
            Assert.True(kubernetes.TryGetValue(variable, out var k8s) && k8s.FromSecret,
                $"{name} binds the secret {key.Replace("#", "N")}: deploy/k8s must set {variable} through secretKeyRef (templates/saas-secrets.yaml)");
            Assert.True(compose.TryGetValue(variable, out var value) && Regex.IsMatch(value ?? "", @"^\$\{[A-Z0-9_]+(:-|:\?[^}]*)?\}$"),
                $"{name} binds the secret {key.Replace("#", "N")}: docker-compose.yml must set {variable} to ${{VAR:-}} or ${{VAR:?…}} from deploy/.env");
        }
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Services_get_the_broker_and_the_database_and_the_gateway_neither(string name)
    {
        var deployable = Repo.Get(name);
        var bindings = CodeBindings.For(deployable);
        var variables = bindings.ConnectionNames.Select(c => $"ConnectionStrings__{c}").ToList();
        var kubernetes = KubernetesEnvironment(name).ToDictionary(v => v.Name);
        var compose = Compose.Environment(name);
        foreach (var variable in variables)
        {
            if (deployable.IsGateway)
            {
                // The gateway runs without a bus (AddServiceDefaults(withMessaging: false)) and stores nothing.
                Assert.False(kubernetes.ContainsKey(variable) || compose.ContainsKey(variable), $"the gateway binds no {variable}");
                continue;
            }

            Assert.True(kubernetes.TryGetValue(variable, out var k8s) && k8s.FromSecret && !k8s.Optional,
                $"{name}: deploy/k8s must set {variable} from saas-secrets (not optional: without it the service would fall back to an embedded store)");
            Assert.True(compose.TryGetValue(variable, out var value) && value!.Contains("${"), $"{name}: docker-compose.yml must set {variable}");
        }
    }

    /// <summary>
    /// Without a database in its URI a service uses its own name, and "admin" is MongoDB's system database:
    /// every connection string must name one, a different one per service.
    /// </summary>
    [Fact]
    public void Each_service_has_its_own_named_MongoDB_database()
    {
        var databases = new List<string>();
        var template = Yaml.LoadFile(Repo.SecretTemplate).Map("stringData");
        foreach (var service in Repo.Deployables.Where(d => !d.IsGateway))
        {
            var composeUri = Compose.Environment(service.Name)["ConnectionStrings__mongodb"]!;
            var deployment = Manifests.Get("Deployment", service.Name);
            var secretKey = Manifests.Environment(deployment, Manifests.Container(deployment, service.Name))
                .Single(v => v.Name == "ConnectionStrings__mongodb").SecretKey!;
            foreach (var uri in new[] { composeUri, template.Str(secretKey)! })
            {
                var database = Regex.Match(uri, @"^mongodb(\+srv)?://[^/]+/(?<db>[^?]*)").Groups["db"].Value;
                Assert.False(database is "" or "admin" or "local" or "config", $"{service.Name}: '{uri}' names no database of its own");
                databases.Add($"{uri[..uri.IndexOf(':')]}:{database}");
            }
        }

        Assert.Equal(databases.Count, databases.Distinct().Count());
    }

    [Fact]
    public void Every_resource_in_ResourceNames_is_deployed()
    {
        var names = CodeBindings.For(Repo.Get("gateway")).ResourceNames;
        var backing = new[] { names["Messaging"], names["MongoDb"] };
        Assert.Equal(Repo.Deployables.Select(d => d.Name).Order(), names.Values.Except(backing).Order());
        // Each backing resource under the name its server goes by, in compose and in the cluster.
        foreach (var server in new[] { "rabbitmq", "mongodb" })
        {
            Assert.NotNull(Compose.Service(server));
            Assert.NotNull(Manifests.Get("Service", server));
        }
    }

    /// <summary>
    /// A new options section is a decision for deploy/: set it from a ConfigMap or .env, or leave the defaults. The
    /// README's settings table records that decision; this fails until it does.
    /// </summary>
    [Fact]
    public void Every_options_section_is_accounted_for_in_the_deploy_readme()
    {
        var readme = File.ReadAllText(Repo.DeployReadme);
        var missing = Repo.Deployables.SelectMany(d => CodeBindings.For(d).Sections.Select(s => (d, s)))
            .Where(x => !readme.Contains($"`{x.s.Section}`"))
            .Select(x => $"{x.d.AssemblyName} binds section {x.s.Section} ({x.s.TypeName}); deploy/README.md's settings table does not mention `{x.s.Section}`")
            .Distinct();
        Expect.None(missing);
    }

    [Fact]
    public void The_binding_reader_knows_the_keys_the_issue_names()
    {
        var identity = CodeBindings.For(Repo.Get("identity"));
        Assert.Null(identity.WhyUnbound("ConnectionStrings__messaging"));
        Assert.Null(identity.WhyUnbound("ConnectionStrings__mongodb"));
        Assert.Null(identity.WhyUnbound("Storage__DataDirectory"));
        Assert.Null(identity.WhyUnbound("services__identity__http__0"));
        Assert.Null(identity.WhyUnbound("Messaging__RetryIntervals__0"));
        Assert.Null(identity.WhyUnbound("Identity__TrustedProxies__0"));
        Assert.NotNull(identity.WhyUnbound("Identity__TrustedProxies__first"));
        Assert.NotNull(identity.WhyUnbound("ConnectionStrings__redis"));
        Assert.NotNull(identity.WhyUnbound("services__payments__http__0"));
        Assert.NotNull(identity.WhyUnbound("Identity__NoSuchSetting"));
        Assert.NotNull(identity.WhyUnbound("Stripe__WebhookSecret")); // webhooks' setting, not identity's

        var webhooks = CodeBindings.For(Repo.Get("webhooks"));
        Assert.Null(webhooks.WhyUnbound("Stripe__WebhookSecret"));
        Assert.Null(webhooks.WhyUnbound("Stripe__ApiBase"));
        Assert.Contains("Stripe:WebhookSecret", webhooks.SecretKeys);

        var gateway = CodeBindings.For(Repo.Get("gateway"));
        Assert.Null(gateway.WhyUnbound("Cors__AllowedOrigins"));
        Assert.Null(gateway.WhyUnbound("RateLimiting__Auth__PermitLimit"));
        Assert.Null(gateway.WhyUnbound("Gateway__TrustedProxies"));
        Assert.Null(gateway.WhyUnbound("OTEL_EXPORTER_OTLP_ENDPOINT"));

        var billing = CodeBindings.For(Repo.Get("billing"));
        Assert.Null(billing.WhyUnbound("Billing__Plans__0__Limits__projects"));
        Assert.Null(billing.WhyUnbound("Billing__Plans__1__Prices__month"));
    }

    public static List<EnvVar> KubernetesEnvironment(string name)
    {
        var deployment = Manifests.Get("Deployment", name);
        var variables = Manifests.Environment(deployment, Manifests.Container(deployment, name));
        Expect.None(variables.GroupBy(v => v.Name).Where(g => g.Count() > 1).Select(g => $"{name}: {g.Key} is set twice"));
        return variables;
    }
}
