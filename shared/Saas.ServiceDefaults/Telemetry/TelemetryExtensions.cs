using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Saas.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry for traces, metrics and logs, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set;
/// without it, metrics are not collected and traces are sampled out (nothing would read them).
/// </summary>
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

        // Traces and metrics cost on every request: an Activity with its tags per hop and the instruments'
        // measurements, about 1.6 KB and a few µs per proxied request in the gateway (gateway/README.md). With no
        // exporter nothing reads them, so metrics are not collected and traces are sampled out: activities still
        // exist (trace ids for logs, ProblemDetails and webhook attempts, context passed on to the next hop) but carry
        // no tags and reach no processor. With an exporter everything is recorded, unless OTEL_TRACES_SAMPLER /
        // OTEL_TRACES_SAMPLER_ARG (read by the SDK) say otherwise, e.g. parentbased_traceidratio with 0.1.
        var exported = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry();
        if (exported)
        {
            telemetry.WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", SourceName));
        }

        telemetry.WithTracing(tracing =>
        {
            if (!exported)
            {
                tracing.SetSampler(new AlwaysOffSampler());
            }

            tracing
                .AddSource(builder.Environment.ApplicationName, "MassTransit", SourceName)
                .AddAspNetCoreInstrumentation(o =>
                    // Probes would drown the traces that matter.
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/health") &&
                                          !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation();
        });

        if (!exported)
        {
            return builder;
        }

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

        return builder;
    }
}
