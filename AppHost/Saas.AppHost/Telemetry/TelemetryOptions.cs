using System.ComponentModel.DataAnnotations;

namespace Saas.AppHost.Telemetry;

/// <summary>
/// The OTLP/HTTP receiver's settings, in the <c>AppHost</c> section beside the other ports:
/// <c>--AppHost:OtlpPort=4318</c>, <c>--AppHost:OtlpApiKey=…</c>.
/// </summary>
public sealed class OtlpReceiverOptions
{
    public const string SectionName = "AppHost";

    /// <summary>The receiver's port on 127.0.0.1 (OTLP/HTTP's standard 4318); 0 picks a free one (tests).</summary>
    [Range(0, 65535)]
    public int OtlpPort { get; set; } = 4318;

    /// <summary>
    /// The value every sender must put in the <c>x-otlp-api-key</c> header. Default: a random key made at start and
    /// handed to the processes the AppHost starts (<c>OTEL_EXPORTER_OTLP_HEADERS</c>), as Aspire does.
    /// </summary>
    [MinLength(16, ErrorMessage = "must be at least 16 characters")]
    [RegularExpression("^[A-Za-z0-9._~-]+$", ErrorMessage = "may hold only letters, digits and . _ ~ -")]
    public string? OtlpApiKey { get; set; }
}

/// <summary>How much telemetry the dashboard keeps: <c>--AppHost:Telemetry:MaxSpans=20000</c>.</summary>
public sealed class TelemetryStoreOptions
{
    public const string SectionName = "AppHost:Telemetry";

    /// <summary>The newest spans kept; older ones are dropped (a trace loses its oldest spans first).</summary>
    [Range(100, 1_000_000)]
    public int MaxSpans { get; set; } = 20_000;

    /// <summary>The newest structured log records kept.</summary>
    [Range(100, 1_000_000)]
    public int MaxLogs { get; set; } = 20_000;

    /// <summary>The newest metric points kept (the request-duration histograms and webhook counters the metrics view reads).</summary>
    [Range(100, 1_000_000)]
    public int MaxMetricPoints { get; set; } = 20_000;

    /// <summary>How often RabbitMQ's queue depths are read from the AppHost's own broker node.</summary>
    [Range(1, 3600)]
    public int QueuePollSeconds { get; set; } = 5;
}
