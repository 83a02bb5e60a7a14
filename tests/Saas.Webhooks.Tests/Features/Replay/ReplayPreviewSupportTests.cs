using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Replay;

/// <summary>Issue 19: what the replay preview reads from this service, and the processing span the dashboard shows.</summary>
public sealed class ReplayPreviewSupportTests
{
    [Fact]
    public async Task ReplayTranslations_ShouldGiveWhatAReplayWouldPublish_WithoutReplayingOrPublishing()
    {
        await using var app = new WebhooksApp();
        await app.SubscriptionUpdateAsync("evt_translate", "cus_translate");
        await app.ProcessedAsync("evt_translate");
        var publishedBefore = app.Harness.Published.Select<StripeSubscriptionChanged>().Count();

        var byId = await app.CreateClient().GetFromJsonAsync<JsonElement>("/internal/webhooks/replay-translations?id=evt_translate");
        var byFilter = await app.CreateClient().GetFromJsonAsync<JsonElement>("/internal/webhooks/replay-translations?customer=cus_translate");
        var unfiltered = await app.CreateClient().GetAsync("/internal/webhooks/replay-translations");

        var translated = Assert.Single(byId.GetProperty("events").EnumerateArray());
        Assert.Equal("StripeSubscriptionChanged", translated.GetProperty("messageType").GetString());
        var message = translated.GetProperty("message");
        Assert.Equal(("evt_translate", "cus_translate", true), (message.GetProperty("stripeEventId").GetString(),
            message.GetProperty("customerId").GetString(), message.GetProperty("isReplay").GetBoolean()));
        Assert.Equal(1, byFilter.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, unfiltered.StatusCode);
        Assert.Empty((await app.Log.FindAsync("evt_translate", CancellationToken.None))!.Replays);
        Assert.Equal(publishedBefore, app.Harness.Published.Select<StripeSubscriptionChanged>().Count());
    }

    [Fact]
    public async Task Processing_ShouldRunInASpanTaggedWithTheStripeEventAndItsConsolePage()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProcessingTrace.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = new WebhooksApp().With("Console:Url", "http://localhost:8080/admin/");
        await app.SubscriptionUpdateAsync("evt_traced", "cus_traced");
        var stored = await app.ProcessedAsync("evt_traced");

        // The span ends just after the attempt is recorded.
        var span = await Eventually.ReturnsAsync(
            () => Task.FromResult(spans.FirstOrDefault(s => (string?)s.GetTagItem(ProcessingTrace.StripeEventIdTag) == "evt_traced")),
            "the processing span");
        Assert.Equal($"http://localhost:8080/admin/webhooks/{stored.Id}", span.GetTagItem(ProcessingTrace.ConsoleUrlTag));
        Assert.Equal(span.TraceId.ToString(), stored.Attempts[^1].TraceId);
    }
}
