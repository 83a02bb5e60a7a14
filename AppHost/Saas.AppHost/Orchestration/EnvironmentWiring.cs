using Saas.AppHost.Resources;
using Saas.ServiceDefaults;

namespace Saas.AppHost.Orchestration;

/// <summary>
/// What every process is told about the others, in the keys an Aspire AppHost would set (DESIGN.md's table).
/// <paramref name="Stripe"/> (<c>Stripe__*</c>) goes to the services that use Stripe only.
/// </summary>
internal sealed record EnvironmentWiring(
    string EnvironmentName, string DataDirectory, string RepoRoot, string? MongoDb, IReadOnlyDictionary<string, string?> Telemetry,
    IReadOnlyDictionary<string, string?> Stripe)
{
    /// <summary>Inherited settings that would bind other addresses than ours; null removes them.</summary>
    private static readonly string[] Unset =
        ["ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTP_PORTS", "HTTPS_PORTS", "DOTNET_URLS", "ASPNETCORE_HTTPS_PORT"];

    public IReadOnlyDictionary<string, string?> For(ProjectSpec project, BrokerResource messaging, IEnumerable<ProjectSpec> all)
    {
        var env = Unset.ToDictionary(key => key, _ => (string?)null);
        env["ASPNETCORE_URLS"] = project.BindUrl;
        env["ASPNETCORE_ENVIRONMENT"] = EnvironmentName;
        env["DOTNET_ENVIRONMENT"] = EnvironmentName;
        env[$"ConnectionStrings__{ResourceNames.Messaging}"] = messaging.ConnectionString;
        if (MongoDb is not null)
        {
            env[$"ConnectionStrings__{ResourceNames.MongoDb}"] = MongoDb;
        }

        env["Storage__DataDirectory"] = Path.Combine(DataDirectory, project.Name);
        // Every address to every process: the gateway routes to all services, admin calls the others.
        foreach (var other in all)
        {
            env[$"services__{other.Name}__http__0"] = other.BindUrl;
        }

        if (StripeWiring.Consumes(project.Name))
        {
            foreach (var (key, value) in Stripe)
            {
                env[key] = value;
            }
        }

        env["OTEL_SERVICE_NAME"] = project.Name;
        // The AppHost's own OTLP receiver (or the operator's collector), its api key and short export intervals.
        foreach (var (key, value) in Telemetry)
        {
            env[key] = value;
        }

        var envFile = Path.Combine(RepoRoot, ".env");
        if (File.Exists(envFile))
        {
            env["SAAS_ENV_FILE"] = envFile;
        }

        return env;
    }
}
