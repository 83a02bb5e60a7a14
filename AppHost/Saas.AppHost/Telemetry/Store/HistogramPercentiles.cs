namespace Saas.AppHost.Telemetry.Store;

/// <summary>
/// Percentiles of explicit-bucket histograms, interpolated linearly inside the bucket the rank falls in (what
/// Prometheus' histogram_quantile does). Buckets of several points are merged by their upper bounds.
/// </summary>
internal static class HistogramPercentiles
{
    /// <summary>The <paramref name="quantile"/> (0..1) of the merged histograms; null when they hold no count.</summary>
    public static double? Of(IEnumerable<(IReadOnlyList<double> Bounds, IReadOnlyList<ulong> Counts)> histograms, double quantile)
    {
        var buckets = new SortedDictionary<double, ulong>();
        foreach (var (bounds, counts) in histograms)
        {
            for (var i = 0; i < counts.Count; i++)
            {
                // Bucket i holds (bounds[i-1], bounds[i]]; the last one everything above the last bound.
                var upper = i < bounds.Count ? bounds[i] : double.PositiveInfinity;
                buckets[upper] = buckets.GetValueOrDefault(upper) + counts[i];
            }
        }

        var total = buckets.Values.Aggregate(0UL, (a, b) => a + b);
        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        var below = 0UL;
        var lower = 0.0;
        foreach (var (upper, count) in buckets)
        {
            if (count > 0 && below + count >= rank)
            {
                if (double.IsPositiveInfinity(upper))
                {
                    // Nothing bounds the overflow bucket from above: its lower edge is the best honest answer.
                    return lower;
                }

                var from = Math.Min(lower, upper);
                return from + (upper - from) * ((rank - below) / count);
            }

            below += count;
            lower = upper;
        }

        return lower;
    }
}
