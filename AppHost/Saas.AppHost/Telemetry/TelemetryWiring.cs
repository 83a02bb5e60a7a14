using Saas.AppHost.Telemetry.Receiver;

namespace Saas.AppHost.Telemetry;

/// <summary>
/// The <c>OTEL_*</c> variables every service and the gateway get: the AppHost's own receiver with its api key (as
/// Aspire passes its dashboard's), or the collector the operator named in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.
/// </summary>
internal static class TelemetryWiring
{
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string Protocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string Headers = "OTEL_EXPORTER_OTLP_HEADERS";

    /// <summary>
    /// Export every second (spans, logs) and every two (metrics) instead of the SDK's 5 s and 60 s, so the dashboard
    /// is live; all three are read by ServiceDefaults' <c>UseOtlpExporter()</c> through the OpenTelemetry SDK options.
    /// </summary>
    private static readonly Dictionary<string, string> ExportIntervals = new()
    {
        ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "2000",
    };

    public static IReadOnlyDictionary<string, string?> For(IConfiguration configuration, OtlpEndpoint receiver)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (configuration[Endpoint] is { Length: > 0 } collector)
        {
            env[Endpoint] = collector;
            foreach (var key in new[] { Protocol, Headers })
            {
                env[key] = configuration[key] is { Length: > 0 } value ? value : null;
            }
        }
        else
        {
            env[Endpoint] = receiver.Url;
            env[Protocol] = "http/protobuf";
            // The header list is comma-separated key=value with URL-encoded values; the key is hex or validated plain text.
            env[Headers] = $"{OtlpEndpoint.ApiKeyHeader}={Uri.EscapeDataString(receiver.ApiKey)}";
        }

        foreach (var (key, value) in ExportIntervals)
        {
            env[key] = configuration[key] is { Length: > 0 } configured ? configured : value;
        }

        return env;
    }
}
