using System.Reflection;

namespace Saas.Deploy.Tests;

/// <summary>Where things are: the repository, deploy/, and each deployable's project and build output.</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();
    public static readonly string Deploy = Path.Combine(Root, "deploy");
    public static readonly string ComposeFile = Path.Combine(Deploy, "docker-compose.yml");
    public static readonly string EnvTemplate = Path.Combine(Deploy, ".env.template");
    public static readonly string K8s = Path.Combine(Deploy, "k8s");
    public static readonly string SecretTemplate = Path.Combine(K8s, "templates", "saas-secrets.yaml");
    public static readonly string DeployReadme = Path.Combine(Deploy, "README.md");

    /// <summary>The build configuration of this test assembly; the deployables were built with the same one.</summary>
    public static readonly string Configuration =
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The images, compose services and Kubernetes workloads: one per deployable.</summary>
    public static readonly IReadOnlyList<Deployable> Deployables =
    [
        new("gateway", "gateway/Saas.Gateway/Saas.Gateway.csproj", IsGateway: true),
        new("identity", "services/identity/Saas.Identity/Saas.Identity.csproj"),
        new("billing", "services/billing/Saas.Billing/Saas.Billing.csproj"),
        new("admin", "services/admin/Saas.Admin/Saas.Admin.csproj"),
        new("webhooks", "services/webhooks/Saas.Webhooks/Saas.Webhooks.csproj"),
    ];

    public static IEnumerable<object[]> DeployableNames => Deployables.Select(d => new object[] { d.Name });

    public static Deployable Get(string name) => Deployables.Single(d => d.Name == name);

    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Saas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Saas.sln above {AppContext.BaseDirectory}");
    }
}

/// <param name="Name">The resource name (ResourceNames), the image, compose service and Kubernetes workload name.</param>
/// <param name="Project">The project, relative to the repository root.</param>
public sealed record Deployable(string Name, string Project, bool IsGateway = false)
{
    public string AssemblyName => Path.GetFileNameWithoutExtension(Project);

    public string ProjectDirectory => Path.GetDirectoryName(Project)!.Replace('\\', '/');

    public string Dockerfile => $"deploy/docker/{Name}.Dockerfile";

    /// <summary>The readiness path: the gateway's /health aggregates every service, so it is ready when alive.</summary>
    public string ReadinessPath => IsGateway ? "/alive" : "/health";

    public string BuildOutput => Path.Combine(Repo.Root, ProjectDirectory, "bin", Repo.Configuration, "net10.0");
}

public static class Expect
{
    /// <summary>Fails listing every problem in full (Assert.Empty would truncate each to a few characters).</summary>
    public static void None(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, string.Join("\n", list));
    }
}
