namespace Saas.AppHost.Telemetry.Store;

/// <summary>The filters of <c>GET /api/telemetry/traces</c>.</summary>
internal sealed record TraceQuery(string? Resource, string? Text, int Limit);

/// <summary>The filters of <c>GET /api/telemetry/logs</c>; <see cref="MinLevel"/> means that level or above.</summary>
internal sealed record LogQuery(string? Resource, LogLevel? MinLevel, string? Text, string? TraceId, int Limit);

/// <summary>One row of the traces list.</summary>
internal sealed record TraceSummary(
    string TraceId, string RootName, string RootResource, DateTimeOffset StartTime, double DurationMs, string Status, int SpanCount,
    IReadOnlyList<string> Resources);

/// <summary>Request rate, error share and latency of one resource over the last minute.</summary>
internal sealed record ServiceMetrics(string Resource, long Requests, double RequestRate, double ErrorRate, double? P50Ms, double? P95Ms);

internal sealed record WebhookCounts(long Received, long Processed, long Failed);
