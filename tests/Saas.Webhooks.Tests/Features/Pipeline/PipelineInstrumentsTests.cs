using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Saas.Webhooks.Features.Pipeline;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Pipeline;

/// <summary>The pipeline's instruments and status move when events arrive, wait, fail and drift (issue 19 items 1 and 6).</summary>
public sealed class PipelineInstrumentsTests
{
    [Fact]
    public async Task Gauges_WhenAnEventWaitsThenExhaustsItsRetries_ShouldShowTheBacklogItsAgeThenTheFailure()
    {
        await using var app = new WebhooksApp()
            .With("Webhooks:RetrySchedule:0", "00:00:00")
            .With("Webhooks:RetrySchedule:1", "00:10:00");
        using var metrics = new MetricRecorder(app.Services);
        var reader = app.Services.GetRequiredService<PipelineStatusReader>();
        app.Failure.Failing = true;

        await app.SubscriptionUpdateAsync("evt_backlog", "cus_backlog");
        await Eventually.EventAsync(app, "evt_backlog", e => e.RetryCount == 1, "first failed attempt");
        app.Time.Advance(TimeSpan.FromMinutes(3));
        await reader.RefreshAsync(CancellationToken.None);

        Assert.Equal(1, metrics.Sum("saas.webhooks.received"));
        Assert.Equal(1, metrics.Observe("saas.webhooks.retry_backlog"));
        Assert.Equal(180, metrics.Observe("saas.webhooks.oldest_pending.age"));
        Assert.Equal(0, metrics.Observe("saas.webhooks.failed_events"));

        app.Time.Advance(TimeSpan.FromMinutes(7));
        await app.Sweeper.SweepOnceAsync(CancellationToken.None);
        await Eventually.EventAsync(app, "evt_backlog", e => e.Status == "failed", "failed");
        await reader.RefreshAsync(CancellationToken.None);

        Assert.Equal(0, metrics.Observe("saas.webhooks.retry_backlog"));
        Assert.Equal(0, metrics.Observe("saas.webhooks.oldest_pending.age"));
        Assert.Equal(1, metrics.Observe("saas.webhooks.failed_events"));
        await Eventually.ReturnsAsync(() => Task.FromResult(metrics.Sum("saas.webhooks.failed") == 1 ? "" : null), "the failed counter");
        var status = await app.CreateClient().GetFromJsonAsync<JsonElement>("/internal/webhooks/pipeline");
        Assert.Equal(1, status.GetProperty("failedEvents").GetInt64());
        Assert.Equal("evt_backlog", status.GetProperty("latestFailure").GetProperty("stripeEventId").GetString());
        Assert.Equal(2, status.GetProperty("latestFailure").GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Processed_WhenAnEventIsHandledAtOnce_ShouldCountItAndLeaveNoBacklog()
    {
        await using var app = new WebhooksApp();
        using var metrics = new MetricRecorder(app.Services);

        await app.SubscriptionUpdateAsync("evt_quick", "cus_quick");
        await app.ProcessedAsync("evt_quick");
        await app.Services.GetRequiredService<PipelineStatusReader>().RefreshAsync(CancellationToken.None);

        // The counter moves just after the stored status does.
        await Eventually.ReturnsAsync(() => Task.FromResult(metrics.Sum("saas.webhooks.processed", "outcome", "published") == 1 ? "" : null),
            "the processed counter");
        Assert.Equal(0, metrics.Observe("saas.webhooks.retry_backlog"));
        Assert.Equal(0, metrics.Sum("saas.webhooks.api_version_drift"));
    }

    [Fact]
    public async Task Intake_WhenAnEventComesFromAnotherApiVersion_ShouldFlagItInTheListAndDetailCountItAndReportIt()
    {
        await using var app = new WebhooksApp();
        using var metrics = new MetricRecorder(app.Services);
        var created = app.Time.GetUtcNow().AddSeconds(-30);
        var drifted = StripePayloads.Event("evt_drift", "customer.subscription.updated",
            StripePayloads.Subscription("cus_drift"), created, apiVersion: "2024-06-20");
        var pinned = StripePayloads.Event("evt_pinned", "customer.subscription.updated",
            StripePayloads.Subscription("cus_pinned"), created);

        (await app.DeliverAsync(drifted)).EnsureSuccessStatusCode();
        (await app.DeliverAsync(pinned)).EnsureSuccessStatusCode();

        Assert.Equal(1, metrics.Sum("saas.webhooks.api_version_drift", "api_version", "2024-06-20"));
        var client = app.CreateClient();
        var list = await client.GetFromJsonAsync<JsonElement>("/internal/webhooks/events");
        var flags = list.GetProperty("events").EnumerateArray()
            .ToDictionary(e => e.GetProperty("stripeEventId").GetString()!, e => e.GetProperty("apiVersionDrifted").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["evt_drift"] = true, ["evt_pinned"] = false }, flags);
        var detail = (await client.GetFromJsonAsync<JsonElement>("/internal/webhooks/events/evt_drift")).GetProperty("event");
        Assert.True(detail.GetProperty("apiVersionDrifted").GetBoolean());
        Assert.Equal(Stripe.StripeConfiguration.ApiVersion, detail.GetProperty("pinnedApiVersion").GetString());
        app.Time.Advance(PipelineStatusReader.CacheFor); // the status is read at most every few seconds
        var status = await client.GetFromJsonAsync<JsonElement>("/internal/webhooks/pipeline");
        Assert.Equal(1, status.GetProperty("driftedEvents").GetInt64());
        Assert.Equal("2024-06-20", status.GetProperty("latestDrift").GetProperty("apiVersion").GetString());
    }
}
