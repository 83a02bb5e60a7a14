using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;
using Saas.ServiceDefaults.Security;
using Saas.Storage;
using Saas.Webhooks.Features.Backfill;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Intake;
using Saas.Webhooks.Features.Pipeline;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Features.Replay;
using Saas.Webhooks.Features.Retries;

namespace Saas.Webhooks;

public static class WebhooksServices
{
    /// <summary>Everything but the bus: ServiceDefaults registers MassTransit and finds the consumers in this assembly.</summary>
    public static IHostApplicationBuilder AddWebhooksServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDocumentStore(builder.Configuration, ResourceNames.Webhooks);
        services.AddValidatedOptions<StripeWebhookOptions>(StripeWebhookOptions.SectionName);
        services.AddValidatedOptions<WebhooksOptions>(WebhooksOptions.SectionName)
            .RequireInternalApiKeyOutsideDevelopment("Webhooks:InternalApiKey", o => o.InternalApiKey);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WebhookMetrics>();
        services.AddValidatedOptions<ConsoleLinkOptions>(ConsoleLinkOptions.SectionName);

        services.AddStoreInitializer<StripeEventLog>();
        services.AddSingleton<SignatureVerifier>();
        services.AddSingleton<EventIntake>();

        // Leases in memory unless replicas may share the store (MongoDB): see CustomerLeases.
        var sharedStore = !string.IsNullOrEmpty(builder.Configuration.GetConnectionString(StorageServiceCollectionExtensions.MongoConnectionStringName));
        services.PostConfigure<WebhooksOptions>(o => o.CustomerLeaseScope ??= sharedStore ? CustomerLeaseScope.Store : CustomerLeaseScope.Process);
        services.AddStoreInitializer<CustomerLeases>();
        services.AddSingleton<EventDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventDispatcher>());
        // Scoped: the publisher uses the consume context's publish endpoint, which carries trace and conversation ids.
        services.AddScoped<IIntegrationEventPublisher, BusIntegrationEventPublisher>();
        services.AddScoped<EventProcessor>();
        services.AddScoped<CustomerQueue>();

        services.AddSingleton<LaneBacklog>();
        services.AddSingleton<RetrySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetrySweeper>());
        services.AddSingleton<ReplayRequester>();
        // Two threads at most: the replay lane's CPU work is bursts between awaits; more threads would only add
        // low-priority contenders for the same two cores.
        services.AddSingleton(sp => new LowPriorityScheduler(
            Math.Clamp(sp.GetRequiredService<IOptions<WebhooksOptions>>().Value.ReplayConcurrentMessageLimit, 1, 2), "replay lane"));
        services.AddSingleton<RetryRunner>();
        services.AddValidatedOptions<StripeApiOptions>(StripeApiOptions.SectionName);
        services.AddSingleton<StripeBackfill>();

        services.AddSingleton<PipelineStatusReader>();
        services.AddSingleton<PipelineGauges>();
        services.AddHostedService<PipelineStatusRefresher>();

        // Intake keeps storing and acknowledging while RabbitMQ is down (the sweeper hands events on later), so a
        // broker outage makes this service degraded, not unready: readiness must not take Stripe's endpoint away.
        services.PostConfigure<HealthCheckServiceOptions>(o =>
        {
            foreach (var check in o.Registrations.Where(r => r.Name.StartsWith("masstransit", StringComparison.OrdinalIgnoreCase)))
            {
                check.FailureStatus = HealthStatus.Degraded;
            }
        });
        return builder;
    }
}
