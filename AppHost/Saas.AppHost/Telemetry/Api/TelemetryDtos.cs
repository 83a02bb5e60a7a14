using Saas.AppHost.Telemetry.Queues;
using Saas.AppHost.Telemetry.Store;

namespace Saas.AppHost.Telemetry.Api;

// The JSON shapes of /api/telemetry (camelCase, times as ISO-8601 UTC with a Z). The contract the dashboard pages read.

internal sealed record TraceListItem(
    string TraceId, string RootName, string RootResource, DateTime StartTime, double DurationMs, string Status, int SpanCount,
    IReadOnlyList<string> Resources)
{
    public static TraceListItem From(TraceSummary t) =>
        new(t.TraceId, t.RootName, t.RootResource, t.StartTime.UtcDateTime, Math.Round(t.DurationMs, 3), t.Status, t.SpanCount, t.Resources);
}

internal sealed record TraceDetail(string TraceId, IReadOnlyList<SpanItem> Spans);

internal sealed record SpanItem(
    string SpanId, string? ParentSpanId, string Name, string Resource, string Kind, DateTime StartTime, double DurationMs, string Status,
    string? StatusMessage, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<SpanEventItem> Events)
{
    public static SpanItem From(SpanRecord s) => new(
        s.SpanId, s.ParentSpanId, s.Name, s.Resource, s.Kind, s.StartTime.UtcDateTime, Math.Round(s.DurationMs, 3), s.Status, s.StatusMessage,
        s.Attributes, s.Events.Select(e => new SpanEventItem(e.Name, e.Time.UtcDateTime)).ToList());
}

internal sealed record SpanEventItem(string Name, DateTime Time);

internal sealed record LogItem(
    DateTime Timestamp, string Resource, string Level, string Message, string? Category, string? TraceId, string? SpanId,
    IReadOnlyDictionary<string, string> Attributes)
{
    public static LogItem From(LogRecordEntry l) =>
        new(l.Timestamp.UtcDateTime, l.Resource, l.Level.ToString(), l.Message, l.Category, l.TraceId, l.SpanId, l.Attributes);
}

internal sealed record MetricsView(IReadOnlyList<ServiceMetricsItem> Services, IReadOnlyList<QueueDepth> Queues, WebhookCounts Webhooks);

internal sealed record ServiceMetricsItem(string Resource, long Requests, double RequestRate, double ErrorRate, double? P50Ms, double? P95Ms)
{
    public static ServiceMetricsItem From(ServiceMetrics m) => new(
        m.Resource, m.Requests, Math.Round(m.RequestRate, 3), Math.Round(m.ErrorRate, 4),
        m.P50Ms is { } p50 ? Math.Round(p50, 2) : null, m.P95Ms is { } p95 ? Math.Round(p95, 2) : null);
}
