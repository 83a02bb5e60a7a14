namespace Saas.AppHost.Telemetry.Store;

/// <summary>One span as the dashboard shows it; ids are lowercase hex, as W3C trace context writes them.</summary>
internal sealed record SpanRecord(
    string TraceId, string SpanId, string? ParentSpanId, string Name, string Resource, string Kind,
    DateTimeOffset StartTime, double DurationMs, string Status, string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<SpanEventRecord> Events)
{
    public DateTimeOffset EndTime => StartTime.AddMilliseconds(DurationMs);
}

internal sealed record SpanEventRecord(string Name, DateTimeOffset Time);

/// <summary>One structured log record; <see cref="Level"/> is a .NET <see cref="LogLevel"/>.</summary>
internal sealed record LogRecordEntry(
    DateTimeOffset Timestamp, string Resource, LogLevel Level, string Message, string? Category, string? TraceId, string? SpanId,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// A metric point turned into what happened since the series' previous point (a delta), whatever temporality it was
/// sent in. <see cref="BucketCounts"/> and <see cref="Bounds"/> are set for histograms; <see cref="Value"/> is the count
/// of a histogram or the increase of a sum.
/// </summary>
internal sealed record MetricDelta(
    DateTimeOffset ReceivedAt, string Resource, string Name, string Unit, IReadOnlyDictionary<string, string> Attributes,
    double Value, IReadOnlyList<double>? Bounds, IReadOnlyList<ulong>? BucketCounts);
