using Microsoft.Extensions.Options;
using Saas.AppHost.Telemetry.Receiver;

namespace Saas.AppHost.Telemetry.Store;

/// <summary>
/// The dashboard's telemetry: the newest spans, log records and metric deltas, each kind in a ring of its configured
/// size, so memory is bounded however much arrives; the oldest are dropped first. Traces are the spans grouped by
/// trace id when asked for. Totals (requests per service, webhook counts) are kept as running sums beside the rings,
/// so they survive the points they were added from. Thread-safe: one lock, held briefly by writers and readers.
/// </summary>
internal sealed partial class TelemetryStore
{
    private const int MaxResources = 256;
    private readonly Lock _lock = new();
    private readonly BoundedRing<SpanRecord> _spans;
    private readonly BoundedRing<LogRecordEntry> _logs;
    private readonly BoundedRing<MetricDelta> _metrics;
    private readonly MetricDeltas _deltas;
    private readonly SortedSet<string> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _requestTotals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _webhookTotals = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public TelemetryStore(IOptions<TelemetryStoreOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _spans = new(o.MaxSpans);
        _logs = new(o.MaxLogs);
        _metrics = new(o.MaxMetricPoints);
        _deltas = new(o.MaxMetricPoints);
        _time = time;
    }

    public int SpanCount { get { lock (_lock) { return _spans.Count; } } }
    public int LogCount { get { lock (_lock) { return _logs.Count; } } }
    public int MetricPointCount { get { lock (_lock) { return _metrics.Count; } } }

    public void AddSpans(IEnumerable<SpanRecord> spans)
    {
        lock (_lock)
        {
            foreach (var span in spans)
            {
                _spans.Add(span);
                NoteResource(span.Resource);
            }
        }
    }

    public void AddLogs(IEnumerable<LogRecordEntry> logs)
    {
        lock (_lock)
        {
            foreach (var log in logs)
            {
                _logs.Add(log);
                NoteResource(log.Resource);
            }
        }
    }

    public void AddMetrics(IEnumerable<MetricPoint> points)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var point in points)
            {
                NoteResource(point.Resource);
                if (_deltas.Next(point, now) is not { } delta)
                {
                    continue;
                }

                _metrics.Add(delta);
                var totals = delta.Name == MetricDecoder.RequestDuration ? _requestTotals : _webhookTotals;
                var key = delta.Name == MetricDecoder.RequestDuration ? delta.Resource : delta.Name;
                if (totals.Count < MaxResources || totals.ContainsKey(key))
                {
                    totals[key] = totals.GetValueOrDefault(key) + delta.Value;
                }
            }
        }
    }

    /// <summary>Every resource that sent telemetry, by name.</summary>
    public IReadOnlyList<string> Resources()
    {
        lock (_lock)
        {
            return [.. _resources];
        }
    }

    public IReadOnlyList<LogRecordEntry> Logs(LogQuery query)
    {
        lock (_lock)
        {
            return _logs.NewestFirst()
                .Where(l => query.Resource is null || string.Equals(l.Resource, query.Resource, StringComparison.OrdinalIgnoreCase))
                .Where(l => query.MinLevel is null || l.Level >= query.MinLevel)
                .Where(l => query.TraceId is null || string.Equals(l.TraceId, query.TraceId, StringComparison.OrdinalIgnoreCase))
                .Where(l => query.Text is null || l.Message.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
                .Take(query.Limit)
                .ToList();
        }
    }

    /// <summary>The spans of one trace, ordered by start time; empty when none is kept.</summary>
    public IReadOnlyList<SpanRecord> Trace(string traceId)
    {
        lock (_lock)
        {
            return _spans.NewestFirst().Where(s => string.Equals(s.TraceId, traceId, StringComparison.OrdinalIgnoreCase))
                .OrderBy(s => s.StartTime).ToList();
        }
    }

    public IReadOnlyList<TraceSummary> Traces(TraceQuery query)
    {
        List<IGrouping<string, SpanRecord>> traces;
        lock (_lock)
        {
            traces = _spans.NewestFirst().GroupBy(s => s.TraceId, StringComparer.Ordinal).ToList();
        }

        return traces
            .Where(g => query.Text is null || g.Key.Contains(query.Text, StringComparison.OrdinalIgnoreCase) ||
                        g.Any(s => s.Name.Contains(query.Text, StringComparison.OrdinalIgnoreCase)))
            .Select(Summarize)
            .Where(t => query.Resource is null || t.Resources.Contains(query.Resource, StringComparer.OrdinalIgnoreCase))
            .OrderByDescending(t => t.StartTime)
            .Take(query.Limit)
            .ToList();
    }

    private static TraceSummary Summarize(IGrouping<string, SpanRecord> trace)
    {
        var spans = trace.ToList();
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        // The root may have been dropped (or not arrived yet): then the earliest span whose parent is missing stands in.
        var root = spans.Where(s => s.ParentSpanId is null).MinBy(s => s.StartTime)
                   ?? spans.Where(s => !ids.Contains(s.ParentSpanId!)).MinBy(s => s.StartTime)
                   ?? spans.MinBy(s => s.StartTime)!;
        var start = spans.Min(s => s.StartTime);
        var end = spans.Max(s => s.EndTime);
        var status = spans.Any(s => s.Status == "error") ? "error" : root.Status;
        return new TraceSummary(
            trace.Key, root.Name, root.Resource, start, (end - start).TotalMilliseconds, status, spans.Count,
            spans.Select(s => s.Resource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    private void NoteResource(string resource)
    {
        if (_resources.Count < MaxResources)
        {
            _resources.Add(resource);
        }
    }
}
