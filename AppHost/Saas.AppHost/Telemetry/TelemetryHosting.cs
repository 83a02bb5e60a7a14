using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saas.AppHost.Telemetry.Api;
using Saas.AppHost.Telemetry.Queues;
using Saas.AppHost.Telemetry.Receiver;
using Saas.AppHost.Telemetry.Store;
using Saas.ServiceDefaults.Configuration;

namespace Saas.AppHost.Telemetry;

/// <summary>
/// The dashboard's telemetry: an OTLP/HTTP receiver on its own loopback port (<c>AppHost:OtlpPort</c>), the bounded
/// store it fills, queue-depth polling, and the <c>/api/telemetry</c> query API on the dashboard port.
/// </summary>
internal static class TelemetryHosting
{
    /// <summary>
    /// Registers the receiver, the store and the queue poller, and adds the receiver's Kestrel listener. The queue
    /// poller reads an <see cref="IQueueSource"/> when one is registered (the AppHost registers its broker's).
    /// </summary>
    public static WebApplicationBuilder AddTelemetryReceiver(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<OtlpReceiverOptions>(OtlpReceiverOptions.SectionName);
        builder.Services.AddValidatedOptions<TelemetryStoreOptions>(TelemetryStoreOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OtlpEndpoint>();
        builder.Services.AddSingleton<TelemetryStore>();
        builder.Services.AddSingleton<QueueDepths>();
        builder.Services.AddHostedService<QueueDepthPoller>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<OtlpEndpoint>(
            (kestrel, otlp) => kestrel.Listen(IPAddress.Loopback, otlp.Port));
        builder.Services.AddTransient<IStartupFilter, OtlpPortFilter>();
        return builder;
    }

    /// <summary>
    /// Maps the receiver's <c>POST /v1/traces|logs|metrics</c> (<see cref="OtlpReceiverEndpoints.MapOtlpReceiver"/>:
    /// they answer on the OTLP port only, and nothing else answers there) and <c>GET /api/telemetry/…</c>
    /// (<see cref="TelemetryApi.MapTelemetryApi"/>, on the dashboard port).
    /// </summary>
    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder app) => app.MapOtlpReceiver().MapTelemetryApi();

    /// <summary>
    /// Keeps the two ports apart, ahead of every other middleware (a dashboard login check included): on the OTLP
    /// port only the OTLP paths, on the dashboard port never them. Anything else gets 404, as if it were not there.
    /// </summary>
    private sealed class OtlpPortFilter(OtlpEndpoint otlp) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var onOtlpPort = context.Connection.LocalPort == otlp.Port;
                var otlpPath = OtlpReceiverEndpoints.Paths.Any(p => context.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));
                if (onOtlpPort != otlpPath)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
