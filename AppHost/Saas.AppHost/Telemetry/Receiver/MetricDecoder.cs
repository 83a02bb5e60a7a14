using Saas.AppHost.Telemetry.Otlp.Collector;
using Saas.AppHost.Telemetry.Otlp.Metrics;

namespace Saas.AppHost.Telemetry.Receiver;

/// <summary>A histogram or sum point as sent, before <see cref="Store.MetricDeltas"/> turns it into a delta.</summary>
internal sealed record MetricPoint(
    string Resource, string Name, string Unit, IReadOnlyDictionary<string, string> Attributes, bool Cumulative, ulong StartTimeUnixNano,
    double Value, IReadOnlyList<double>? Bounds, IReadOnlyList<ulong>? BucketCounts);

/// <summary>
/// Picks out the metrics the dashboard computes from. Runtime and other metrics are counted as received and
/// dropped: kept, they would push request histograms out of the bounded store without any view using them.
/// </summary>
internal static class MetricDecoder
{
    public const string RequestDuration = "http.server.request.duration";
    public const string WebhooksReceived = "saas.webhooks.received";
    public const string WebhooksProcessed = "saas.webhooks.processed";
    public const string WebhooksFailed = "saas.webhooks.failed";

    private static readonly HashSet<string> Kept = [RequestDuration, WebhooksReceived, WebhooksProcessed, WebhooksFailed];

    public static List<MetricPoint> Decode(ExportMetricsServiceRequest request)
    {
        var points = new List<MetricPoint>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = OtlpValues.ServiceName(resourceMetrics.Resource);
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics).Where(m => Kept.Contains(m.Name)))
            {
                switch (metric.DataCase)
                {
                    case Metric.DataOneofCase.Histogram:
                        var cumulative = metric.Histogram.AggregationTemporality == AggregationTemporality.Cumulative;
                        points.AddRange(metric.Histogram.DataPoints.Where(p => !NoValue(p.Flags)).Select(p => new MetricPoint(
                            resource, metric.Name, metric.Unit, OtlpValues.Attributes(p.Attributes), cumulative, p.StartTimeUnixNano,
                            p.Count, p.ExplicitBounds.ToArray(), p.BucketCounts.ToArray())));
                        break;
                    case Metric.DataOneofCase.Sum:
                        var cumulativeSum = metric.Sum.AggregationTemporality == AggregationTemporality.Cumulative;
                        points.AddRange(metric.Sum.DataPoints.Where(p => !NoValue(p.Flags)).Select(p => new MetricPoint(
                            resource, metric.Name, metric.Unit, OtlpValues.Attributes(p.Attributes), cumulativeSum, p.StartTimeUnixNano,
                            p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble, null, null)));
                        break;
                }
            }
        }

        return points;
    }

    private static bool NoValue(uint flags) => (flags & (uint)DataPointFlags.NoRecordedValueMask) != 0;
}
