using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Saas.AppHost.Tests.Support;

namespace Saas.AppHost.Tests.Telemetry;

/// <summary>
/// <c>http.server.request.duration</c> histograms and the webhook counters from the real OTLP exporter, in either
/// temporality, turned into request rate, error share, p50/p95 and totals by <c>/api/telemetry/metrics</c>.
/// </summary>
public sealed class MetricDecodingTests
{
    // The buckets ASP.NET Core advises for http.server.request.duration (seconds).
    private static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    [Theory]
    [InlineData(MetricReaderTemporalityPreference.Cumulative)]
    [InlineData(MetricReaderTemporalityPreference.Delta)]
    public async Task Metrics_WhenRequestDurationsAreExported_ShouldGiveRatesErrorShareAndPercentiles(MetricReaderTemporalityPreference temporality)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ReceiverHost.StartAsync(time: time);
        using var meter = new Meter($"Test.Http.{temporality}");
        var duration = meter.CreateHistogram<double>("http.server.request.duration", "s");
        using var provider = OtlpSenders.Metrics(host, "identity", meter.Name, temporality, Bounds);

        // 90 fast answers (10–25 ms bucket) and 10 slow failures (250–500 ms bucket).
        Record(duration, 90, 0.02, 200);
        Record(duration, 10, 0.3, 500);
        Assert.True(provider.ForceFlush());

        var identity = await ServiceAsync(host, "identity");
        Assert.Equal(100, identity.Num("requests"));
        Assert.Equal(100 / 60.0, identity.Num("requestRate"), 2);
        Assert.Equal(0.1, identity.Num("errorRate"), 3);
        // Rank 50 of 90 in (10, 25] ms → 10 + 15 × 50/90; rank 95 is the 5th of 10 in (250, 500] ms → 375.
        Assert.Equal(10 + 15 * 50 / 90.0, identity.Num("p50Ms"), 1);
        Assert.Equal(375, identity.Num("p95Ms"), 1);

        // A second export adds only what happened since the first, whether sent as a delta or a new cumulative total.
        time.Advance(TimeSpan.FromSeconds(61));
        Record(duration, 20, 0.7, 200);
        Assert.True(provider.ForceFlush());

        identity = await ServiceAsync(host, "identity");
        Assert.Equal(120, identity.Num("requests"));
        Assert.Equal(20 / 60.0, identity.Num("requestRate"), 2);
        Assert.Equal(0, identity.Num("errorRate"));
        Assert.InRange(identity.Num("p50Ms"), 500, 750);

        // Nothing for a minute: the rates fall to zero, the total stays.
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.True(provider.ForceFlush());
        identity = await ServiceAsync(host, "identity");
        Assert.Equal(120, identity.Num("requests"));
        Assert.Equal(0, identity.Num("requestRate"));
        Assert.Null(identity!["p95Ms"]);
    }

    [Fact]
    public async Task Metrics_WhenWebhookCountersAreExported_ShouldSumThemAcrossExports()
    {
        await using var host = await ReceiverHost.StartAsync();
        using var meter = new Meter("Test.Webhooks");
        var received = meter.CreateCounter<long>("saas.webhooks.received");
        var processed = meter.CreateCounter<long>("saas.webhooks.processed");
        var failed = meter.CreateCounter<long>("saas.webhooks.failed");
        using var provider = OtlpSenders.Metrics(host, "webhooks", meter.Name, MetricReaderTemporalityPreference.Cumulative, Bounds);

        received.Add(3, new KeyValuePair<string, object?>("event_type", "invoice.paid"));
        received.Add(2, new KeyValuePair<string, object?>("event_type", "customer.subscription.updated"));
        processed.Add(4, new KeyValuePair<string, object?>("event_type", "invoice.paid"));
        provider.ForceFlush();
        received.Add(1, new KeyValuePair<string, object?>("event_type", "invoice.paid"));
        failed.Add(1, new KeyValuePair<string, object?>("event_type", "invoice.paid"));
        provider.ForceFlush();

        var webhooks = (await Json.GetAsync(host.Dashboard, "/api/telemetry/metrics"))["webhooks"];
        Assert.Equal(6, webhooks.Num("received"));
        Assert.Equal(4, webhooks.Num("processed"));
        Assert.Equal(1, webhooks.Num("failed"));
    }

    private static void Record(Histogram<double> histogram, int count, double seconds, int status)
    {
        for (var i = 0; i < count; i++)
        {
            histogram.Record(seconds,
                new KeyValuePair<string, object?>("http.request.method", "POST"),
                new KeyValuePair<string, object?>("http.response.status_code", status));
        }
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> ServiceAsync(ReceiverHost host, string resource)
    {
        var metrics = await Json.GetAsync(host.Dashboard, "/api/telemetry/metrics");
        Assert.Empty(metrics["queues"]!.AsArray());
        return Assert.Single(metrics["services"]!.AsArray(), s => s.Str("resource") == resource)!;
    }
}
