using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Replay;

public sealed class ReplayEndpointsTests
{
    [Fact]
    public async Task ReplayOne_WhenTheEventFailed_ShouldProcessItAgainAsAReplayAndRecordWhoWhenWhy()
    {
        await using var app = new WebhooksApp().With("Webhooks:RetrySchedule:0", "00:00:00");
        app.Failure.Failing = true;
        await app.SubscriptionUpdateAsync("evt_replay", "cus_replay");
        await Eventually.EventAsync(app, "evt_replay", e => e.Status == "failed", "failed");
        app.Failure.Failing = false;

        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/internal/webhooks/events/evt_replay/replay")
        {
            Content = JsonContent.Create(new { reason = "bug #12 fixed" }),
            Headers = { { "X-Requested-By", "support@saas.test" } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var replayId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayId").GetString()!;
        var stored = await Eventually.EventAsync(app, "evt_replay", e => e.Status == "processed", "replayed");
        var replay = Assert.Single(stored.Replays);
        Assert.Equal((replayId, "support@saas.test", "bug #12 fixed", app.Time.GetUtcNow()), (replay.Id, replay.RequestedBy, replay.Reason, replay.RequestedAt));
        Assert.NotNull(replay.CompletedAt);
        Assert.Equal(replayId, stored.Attempts[^1].ReplayId);
        var published = Assert.Single(app.Harness.Published.Select<StripeSubscriptionChanged>()).Context.Message;
        Assert.Equal((true, false), (published.IsReplay, published.RepeatSideEffects));
        Assert.Equal(DeterministicIds.ForEvent("evt_replay", replayId), published.EventId);
        Assert.True(await app.Harness.Consumed.Any<ReplayStripeEvent>());
    }

    [Theory]
    [InlineData(null, "support@saas.test", "A reason is required")]
    [InlineData("typo fixed", null, "requestedBy (or the X-Requested-By header) is required")]
    public async Task ReplayOne_WhenTheReasonOrRequesterIsMissing_ShouldAnswer400AndReplayNothing(string? reason, string? requestedBy, string error)
    {
        await using var app = new WebhooksApp();
        await app.SubscriptionUpdateAsync("evt_noreason", "cus_noreason");
        await app.ProcessedAsync("evt_noreason");

        var response = await app.CreateClient().PostAsJsonAsync("/internal/webhooks/events/evt_noreason/replay", new { reason, requestedBy });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Empty((await app.Log.FindAsync("evt_noreason", CancellationToken.None))!.Replays);
    }

    [Fact]
    public async Task ReplayByFilter_WhenDryRunThenRun_ShouldCountFirstThenReplayEachMatchingEventOnce()
    {
        await using var app = new WebhooksApp();
        foreach (var (id, customer) in new[] { ("evt_f1", "cus_a"), ("evt_f2", "cus_a"), ("evt_f3", "cus_b") })
        {
            await app.SubscriptionUpdateAsync(id, customer);
            await app.ProcessedAsync(id);
        }

        var client = app.CreateClient();
        var dryRun = await client.PostAsJsonAsync("/internal/webhooks/replays",
            new { customer = "cus_a", type = "customer.subscription.updated", dryRun = true });

        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Equal(2, (await dryRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
        Assert.Empty((await app.Log.FindAsync("evt_f1", CancellationToken.None))!.Replays);

        var run = await client.PostAsJsonAsync("/internal/webhooks/replays",
            new { customer = "cus_a", reason = "billing outage 11-20", requestedBy = "ops@saas.test", repeatSideEffects = true });

        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var body = await run.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("count").GetInt32());
        foreach (var id in new[] { "evt_f1", "evt_f2" })
        {
            var e = await Eventually.EventAsync(app, id, e => e.Status == "processed" && e.Replays.Count == 1 && e.PendingReplayId is null, "replayed");
            Assert.Equal((body.GetProperty("batchId").GetString(), "ops@saas.test"), (e.Replays[0].BatchId, e.Replays[0].RequestedBy));
        }

        var replays = app.Harness.Published.Select<StripeSubscriptionChanged>().Select(m => m.Context.Message).Where(m => m.IsReplay).ToList();
        Assert.Equal(["evt_f1", "evt_f2"], replays.Select(m => m.StripeEventId).Order());
        Assert.All(replays, m => Assert.True(m.RepeatSideEffects));
        Assert.Empty((await app.Log.FindAsync("evt_f3", CancellationToken.None))!.Replays);
    }

    [Fact]
    public async Task ReplayByFilter_WhenNoFilterIsGiven_ShouldAnswer400()
    {
        await using var app = new WebhooksApp();

        var response = await app.CreateClient().PostAsJsonAsync("/internal/webhooks/replays", new { reason = "everything", requestedBy = "ops" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task List_WhenFilteredByCustomer_ShouldPageThroughMatchesNewestFirst()
    {
        await using var app = new WebhooksApp();
        for (var i = 0; i < 3; i++)
        {
            await app.SubscriptionUpdateAsync($"evt_l{i}", "cus_list", ageSeconds: 100 - i);
        }

        await app.SubscriptionUpdateAsync("evt_other", "cus_other");
        var client = app.CreateClient();

        var first = await client.GetFromJsonAsync<JsonElement>("/internal/webhooks/events?customer=cus_list&pageSize=2&page=1");
        var second = await client.GetFromJsonAsync<JsonElement>("/internal/webhooks/events?customer=cus_list&pageSize=2&page=2");

        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(["evt_l2", "evt_l1"], first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("stripeEventId").GetString()));
        Assert.Equal(["evt_l0"], second.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("stripeEventId").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/internal/webhooks/events?status=lost")).StatusCode);
    }

    [Fact]
    public async Task Detail_WhenAskedByStripeEventId_ShouldShowAttemptsAndCountsPerStatus()
    {
        await using var app = new WebhooksApp();
        await app.SubscriptionUpdateAsync("evt_detail", "cus_detail");
        await app.ProcessedAsync("evt_detail");
        var client = app.CreateClient();

        var detail = (await client.GetFromJsonAsync<JsonElement>("/internal/webhooks/events/evt_detail")).GetProperty("event");
        var counts = await client.GetFromJsonAsync<JsonElement>("/internal/webhooks/counts");

        Assert.Equal(("processed", "cus_detail"), (detail.GetProperty("status").GetString(), detail.GetProperty("customerId").GetString()));
        Assert.Equal("published", Assert.Single(detail.GetProperty("attempts").EnumerateArray().ToList()).GetProperty("outcome").GetString());
        Assert.Equal((0, 1, 0, 1), (counts.GetProperty("received").GetInt32(), counts.GetProperty("processed").GetInt32(),
            counts.GetProperty("failed").GetInt32(), counts.GetProperty("total").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/internal/webhooks/events/evt_missing")).StatusCode);
    }
}
