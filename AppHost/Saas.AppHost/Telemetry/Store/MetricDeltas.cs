using Saas.AppHost.Telemetry.Receiver;

namespace Saas.AppHost.Telemetry.Store;

/// <summary>
/// Turns cumulative points into deltas by remembering each series' last point (a series is resource + metric +
/// attributes); delta points pass through. A new start time or a smaller count means the sender restarted, so the
/// whole new value is the delta. The remembered series are capped: past the cap the least recently seen are forgotten.
/// Not thread-safe; <see cref="TelemetryStore"/> guards it.
/// </summary>
internal sealed class MetricDeltas(int maxSeries)
{
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private long _sequence;

    public MetricDelta? Next(MetricPoint point, DateTimeOffset receivedAt)
    {
        if (!point.Cumulative)
        {
            return point.Value == 0 ? null : Delta(point, receivedAt, point.Value, point.BucketCounts);
        }

        var key = SeriesKey(point);
        _series.TryGetValue(key, out var previous);
        _series[key] = new Series(point, ++_sequence);
        if (_series.Count > maxSeries)
        {
            ForgetOldest();
        }

        var restarted = previous is null || previous.Point.StartTimeUnixNano != point.StartTimeUnixNano || point.Value < previous.Point.Value ||
                        !SameBounds(previous.Point.Bounds, point.Bounds);
        if (restarted)
        {
            return point.Value == 0 ? null : Delta(point, receivedAt, point.Value, point.BucketCounts);
        }

        var value = point.Value - previous!.Point.Value;
        if (value == 0)
        {
            // Cumulative exports repeat unchanged series every interval; storing those would only crowd the ring.
            return null;
        }

        var counts = point.BucketCounts is null
            ? null
            : point.BucketCounts.Select((c, i) => c - Math.Min(c, Previous(previous.Point.BucketCounts, i))).ToArray();
        return Delta(point, receivedAt, value, counts);
    }

    private static MetricDelta Delta(MetricPoint p, DateTimeOffset at, double value, IReadOnlyList<ulong>? counts) =>
        new(at, p.Resource, p.Name, p.Unit, p.Attributes, value, p.Bounds, counts);

    private static ulong Previous(IReadOnlyList<ulong>? counts, int i) => counts is not null && i < counts.Count ? counts[i] : 0;

    private static bool SameBounds(IReadOnlyList<double>? a, IReadOnlyList<double>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);

    private static string SeriesKey(MetricPoint p) =>
        string.Join('\n', [p.Resource, p.Name, .. p.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")]);

    private void ForgetOldest()
    {
        foreach (var key in _series.OrderBy(s => s.Value.Sequence).Take(_series.Count / 10 + 1).Select(s => s.Key).ToList())
        {
            _series.Remove(key);
        }
    }

    private sealed record Series(MetricPoint Point, long Sequence);
}
