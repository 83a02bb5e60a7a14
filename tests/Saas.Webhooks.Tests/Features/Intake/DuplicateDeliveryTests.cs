using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Intake;

public sealed class DuplicateDeliveryTests
{
    [Fact]
    public async Task Receive_WhenDeliveredTwice_ShouldAnswer200StoreOnceAndPublishOnce()
    {
        await using var app = new WebhooksApp();
        using var metrics = new MetricRecorder(app.Services);
        var payload = await app.SubscriptionUpdateAsync("evt_twice", "cus_twice");
        await app.ProcessedAsync("evt_twice");

        var again = await app.DeliverAsync(payload);

        Assert.True(again.IsSuccessStatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(0, await app.Sweeper.SweepOnceAsync(CancellationToken.None));
        var stored = Assert.Single(await app.Log.FindAsync(e => e.StripeEventId == "evt_twice", null, CancellationToken.None));
        Assert.Equal((1, 1, "processed"), (stored.DuplicateCount, stored.Attempts.Count, stored.Status));
        Assert.Single(app.Harness.Published.Select<StripeSubscriptionChanged>());
        Assert.Equal((1, 1), (metrics.Sum("saas.webhooks.received"), metrics.Sum("saas.webhooks.duplicates")));
    }

    [Fact]
    public async Task Receive_WhenAFailedEventIsRedelivered_ShouldPutItBackInLineAndProcessIt()
    {
        await using var app = new WebhooksApp().With("Webhooks:RetrySchedule:0", "00:00:00");
        app.Failure.Failing = true;
        var payload = await app.SubscriptionUpdateAsync("evt_resend", "cus_resend");
        await Eventually.EventAsync(app, "evt_resend", e => e.Status == "failed", "failed");
        app.Failure.Failing = false;

        (await app.DeliverAsync(payload)).EnsureSuccessStatusCode();

        var stored = await app.ProcessedAsync("evt_resend");
        Assert.Equal(2, stored.Attempts.Count);
        Assert.Single(app.Harness.Published.Select<StripeSubscriptionChanged>());
    }

    [Fact]
    public async Task Receive_WhenRedeliveredWithADifferentPayload_ShouldKeepTheFirstAndRecordADivergence()
    {
        await using var app = new WebhooksApp();
        using var metrics = new MetricRecorder(app.Services);
        var first = await app.SubscriptionUpdateAsync("evt_diverge", "cus_diverge", status: "active");
        await app.ProcessedAsync("evt_diverge");

        var second = await app.SubscriptionUpdateAsync("evt_diverge", "cus_diverge", status: "past_due");

        var stored = await Eventually.EventAsync(app, "evt_diverge", e => e.Divergences.Count == 1, "divergence recorded");
        Assert.Equal(first, stored.Payload);
        Assert.Equal("active", stored.Data["status"]);
        var divergence = Assert.Single(stored.Divergences);
        Assert.Equal(second, divergence.Payload);
        Assert.NotEqual(stored.PayloadSha256, divergence.PayloadSha256);
        Assert.Equal(1, metrics.Sum("saas.webhooks.divergences"));
        Assert.Equal("active", Assert.Single(app.Harness.Published.Select<StripeSubscriptionChanged>()).Context.Message.Status);
    }
}
