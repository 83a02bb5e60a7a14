using System.Globalization;
using Saas.AppHost.Telemetry.Receiver;

namespace Saas.AppHost.Telemetry.Store;

internal sealed partial class TelemetryStore
{
    /// <summary>The window rates and percentiles are computed over.</summary>
    public static readonly TimeSpan MetricsWindow = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Per resource that sent telemetry: requests seen in total, and over the last minute the request rate, the share
    /// of 5xx answers and p50/p95 latency, all from <c>http.server.request.duration</c> (null percentiles: no request).
    /// </summary>
    public IReadOnlyList<ServiceMetrics> ServiceMetrics()
    {
        var since = _time.GetUtcNow() - MetricsWindow;
        List<MetricDelta> recent;
        List<string> resources;
        Dictionary<string, double> totals;
        lock (_lock)
        {
            recent = _metrics.NewestFirst().TakeWhile(m => m.ReceivedAt > since).Where(m => m.Name == MetricDecoder.RequestDuration).ToList();
            resources = [.. _resources];
            totals = new(_requestTotals);
        }

        return resources.Select(resource =>
        {
            var points = recent.Where(m => m.Resource == resource && m.Bounds is not null && m.BucketCounts is not null).ToList();
            var count = points.Sum(p => p.Value);
            var errors = points.Where(IsServerError).Sum(p => p.Value);
            var histograms = points.Select(p => (p.Bounds!, p.BucketCounts!)).ToList();
            var toMs = points.FirstOrDefault()?.Unit == "ms" ? 1.0 : 1000.0;
            return new ServiceMetrics(
                resource,
                (long)totals.GetValueOrDefault(resource),
                count / MetricsWindow.TotalSeconds,
                count == 0 ? 0 : errors / count,
                HistogramPercentiles.Of(histograms, 0.50) * toMs,
                HistogramPercentiles.Of(histograms, 0.95) * toMs);
        }).ToList();
    }

    /// <summary>The webhook pipeline's counters summed over every sender since the AppHost started.</summary>
    public WebhookCounts Webhooks()
    {
        lock (_lock)
        {
            return new WebhookCounts(
                (long)_webhookTotals.GetValueOrDefault(MetricDecoder.WebhooksReceived),
                (long)_webhookTotals.GetValueOrDefault(MetricDecoder.WebhooksProcessed),
                (long)_webhookTotals.GetValueOrDefault(MetricDecoder.WebhooksFailed));
        }
    }

    private static bool IsServerError(MetricDelta point) =>
        point.Attributes.TryGetValue("http.response.status_code", out var code) &&
        int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var status) && status >= 500;
}
