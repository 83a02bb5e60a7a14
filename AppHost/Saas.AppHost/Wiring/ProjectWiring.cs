using Saas.AppHost.Health;
using Saas.AppHost.Supervision;
using Saas.ServiceDefaults;

namespace Saas.AppHost.Wiring;

/// <summary>How the gateway, each service and the Stripe emulator are added to the app model.</summary>
internal static class ProjectWiring
{
    /// <summary>Inherited settings that would bind other addresses than ours (an empty DOTNET_URLS would even win over ASPNETCORE_URLS).</summary>
    /// <summary>One shared internal key: what each service requires on <c>/internal/**</c> and what admin sends.</summary>
    private static readonly string[] InternalApiKeys =
    [
        "Identity__InternalApiKey", "Billing__InternalApiKey", "Webhooks__InternalApiKey",
        "Admin__IdentityApiKey", "Admin__BillingApiKey", "Admin__WebhooksApiKey",
        // What services send to identity to check API keys, and the key identity's JWKS signature is checked with.
        "ApiKeys__IdentityApiKey",
    ];

    private static readonly string[] Unset =
        ["ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTP_PORTS", "HTTPS_PORTS", "DOTNET_URLS", "ASPNETCORE_HTTPS_PORT"];

    /// <summary>
    /// Removes <see cref="Unset"/> from the AppHost's own environment before DCP starts: DCP, and every process it runs,
    /// inherits that environment, and Aspire can only add variables, not remove inherited ones.
    /// </summary>
    public static void RemoveInheritedPortSettings()
    {
        foreach (var key in Unset)
        {
            Environment.SetEnvironmentVariable(key, null);
        }
    }

    private static readonly Dictionary<string, IProjectMetadata> Projects = new()
    {
        [ResourceNames.Identity] = new Projects.Saas_Identity(),
        [ResourceNames.Billing] = new Projects.Saas_Billing(),
        [ResourceNames.Admin] = new Projects.Saas_Admin(),
        [ResourceNames.Webhooks] = new Projects.Saas_Webhooks(),
        [ResourceNames.Gateway] = new Projects.Saas_Gateway(),
    };

    /// <summary>
    /// A service or the gateway on <paramref name="port"/> (no proxy: the port in <c>services__*</c> is the one it binds),
    /// healthy when its <c>/health</c> answers 200, started once the broker (and the Stripe emulator) are healthy.
    /// </summary>
    public static IResourceBuilder<BuiltServiceResource> AddSaasProject(
        this IDistributedApplicationBuilder builder, string name, int port, AppHostSettings settings,
        IResourceBuilder<IResourceWithConnectionString> messaging, IResourceBuilder<IResourceWithConnectionString>? mongodb,
        StripeWiring stripe, IResourceBuilder<BuiltServiceResource>? emulator)
    {
        var project = builder.AddBuiltService(name, Projects[name], port)
            .WithPollingHttpHealthCheck(port, "/health")
            .WithRestartOnExit()
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", settings.EnvironmentName)
            .WithEnvironment("DOTNET_ENVIRONMENT", settings.EnvironmentName)
            .WithEnvironment("Storage__DataDirectory", Path.Combine(settings.DataDirectory, name))
            // No WaitFor(messaging): the service starts beside the broker and MassTransit connects once it is up; its
            // /health includes the bus, so it is healthy only then.
            .WithReference(messaging);
        foreach (var key in InternalApiKeys)
        {
            project.WithEnvironment(key, settings.InternalApiKey);
        }

        if (settings.EnvFile is { } envFile)
        {
            project.WithEnvironment("SAAS_ENV_FILE", envFile);
        }

        if (mongodb is not null)
        {
            project.WithReference(mongodb);
        }

        if (StripeWiring.Consumes(name))
        {
            foreach (var (key, value) in stripe.Settings)
            {
                project.WithEnvironment(key, value);
            }

            if (emulator is not null)
            {
                project.WithEnvironment("Stripe__ApiBase", emulator.GetEndpoint("http")).WaitFor(emulator);
            }
        }

        return project;
    }

    /// <summary>
    /// The local Stripe emulator: its port and webhook secret by environment (not on the command line, where every
    /// <c>ps</c> shows it), sending its signed webhooks to the gateway.
    /// </summary>
    public static IResourceBuilder<BuiltServiceResource> AddStripeEmulator(
        this IDistributedApplicationBuilder builder, StripeWiring stripe, int port, int gatewayPort) =>
        builder.AddBuiltService(StripeWiring.ResourceName, new Projects.Saas_StripeEmulator(), port)
            .WithEnvironment("STRIPE_EMULATOR_PORT", port.ToString())
            .WithEnvironment("STRIPE_EMULATOR_WEBHOOK_URL", "http://127.0.0.1:" + gatewayPort + "/api/stripe/webhook")
            .WithEnvironment("STRIPE_WEBHOOK_SECRET", stripe.EmulatorWebhookSecret!)
            .WithPollingHttpHealthCheck(port, "/")
            .WithRestartOnExit();
}
