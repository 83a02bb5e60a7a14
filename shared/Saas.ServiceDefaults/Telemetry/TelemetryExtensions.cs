using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Saas.ServiceDefaults.Telemetry;

/// <summary>OpenTelemetry for traces, metrics and logs, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
public static class TelemetryExtensions
{
    /// <summary>Name of the activity source and meter of Saas's own code.</summary>
    public const string SourceName = "Saas";

    private static readonly string[] OtlpExporterHttpClients = ["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"];

    /// <summary>Configures OpenTelemetry the way eShop does, plus MassTransit's and Saas's own sources and meters.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", SourceName))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, "MassTransit", SourceName)
                .AddAspNetCoreInstrumentation(o =>
                    // Probes would drown the traces that matter.
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/health") &&
                                          !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
            // The exporter sends through these named HttpClients, which ConfigureHttpClientDefaults would give the
            // standard resilience handler: retries on top of the exporter's own, and warnings with stack traces on the
            // console whenever the receiver is away (e.g. while the AppHost shuts down before its children).
            // RemoveAllResilienceHandlers is marked for evaluation (EXTEXP0001); it is the library's own way to undo the
            // defaults for one client, and the ServiceDefaults tests would show it if it changed.
            foreach (var client in OtlpExporterHttpClients)
            {
#pragma warning disable EXTEXP0001
                builder.Services.AddHttpClient(client).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
            }
        }

        return builder;
    }
}
