using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Replay;

/// <summary>What admin's saasbackend routes stand on: list filters by saasbackend's names, stats, and retries that wait.</summary>
public sealed class SaasBackendRetryTests
{
    [Fact]
    public async Task RetryOne_WhenTheEventFailed_ShouldProcessItAgainAndAnswerProcessed()
    {
        await using var app = new WebhooksApp().With("Webhooks:RetrySchedule:0", "00:00:00");
        app.Failure.Failing = true;
        await app.SubscriptionUpdateAsync("evt_retry1", "cus_retry1");
        await Eventually.EventAsync(app, "evt_retry1", e => e.Status == "failed", "failed");
        app.Failure.Failing = false;

        var response = await Retry(app.CreateClient(), "evt_retry1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("processed", body.GetProperty("result").GetString());
        Assert.Equal("processed", body.GetProperty("event").GetProperty("status").GetString());
        var stored = await app.Log.FindAsync("evt_retry1", CancellationToken.None);
        Assert.Equal("processed", stored!.Status);
        Assert.Equal("ops@saas.test", Assert.Single(stored.Replays).RequestedBy);
        Assert.Single(app.Harness.Published.Select<Saas.Contracts.Webhooks.StripeSubscriptionChanged>());
    }

    [Fact]
    public async Task RetryOne_WhenTheEventFailsAgain_ShouldAnswerFailedWithTheError()
    {
        await using var app = new WebhooksApp().With("Webhooks:RetrySchedule:0", "00:00:00");
        app.Failure.Failing = true;
        await app.SubscriptionUpdateAsync("evt_retry2", "cus_retry2");
        await Eventually.EventAsync(app, "evt_retry2", e => e.Status == "failed", "failed");

        var body = await (await Retry(app.CreateClient(), "evt_retry2")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("failed", body.GetProperty("result").GetString());
        Assert.Contains("broker refused the message", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RetryOne_WhenUnknownOrProcessed_ShouldAnswer404Or400LikeSaasBackend()
    {
        await using var app = new WebhooksApp();
        await app.SubscriptionUpdateAsync("evt_done", "cus_done");
        await app.ProcessedAsync("evt_done");
        var client = app.CreateClient();

        var unknown = await Retry(client, "evt_nope");
        var processed = await Retry(client, "evt_done");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Webhook event not found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, processed.StatusCode);
        Assert.Equal("Event already processed", (await processed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Empty((await app.Log.FindAsync("evt_done", CancellationToken.None))!.Replays);
    }

    [Fact]
    public async Task RetryFailed_ShouldRetryOnlyFailedEventsUpToTheLimitAndCountTheResults()
    {
        await using var app = new WebhooksApp().With("Webhooks:RetrySchedule:0", "00:00:00");
        app.Failure.Failing = true;
        foreach (var n in new[] { 1, 2, 3 })
        {
            await app.SubscriptionUpdateAsync($"evt_batch{n}", $"cus_batch{n}", ageSeconds: 100 - n);
            await Eventually.EventAsync(app, $"evt_batch{n}", e => e.Status == "failed", "failed");
        }

        app.Failure.Failing = false;
        var client = app.CreateClient();

        var first = await client.PostAsJsonAsync("/internal/webhooks/retries", new { limit = 2, requestedBy = "ops" });
        var invalid = await client.PostAsJsonAsync("/internal/webhooks/retries", new { limit = 0, requestedBy = "ops" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var results = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 2, 0), (results.GetProperty("total").GetInt32(), results.GetProperty("succeeded").GetInt32(), results.GetProperty("failed").GetInt32()));
        Assert.Equal(1, await app.Log.CountAsync(e => e.Status == "failed", CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("limit", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task ListAndStats_ShouldFilterByEventTypeAndOffsetAndGroupLikeSaasBackend()
    {
        await using var app = new WebhooksApp().With("Webhooks:RetrySchedule:0", "00:00:00");
        foreach (var n in new[] { 1, 2, 3 })
        {
            await app.SubscriptionUpdateAsync($"evt_list{n}", $"cus_list{n}", ageSeconds: 100 - n);
            await app.ProcessedAsync($"evt_list{n}");
        }

        var invoice = StripePayloads.Event("evt_inv", "invoice.payment_failed", StripePayloads.Invoice("cus_list1", "open"), app.Time.GetUtcNow().AddSeconds(-10));
        app.Failure.Failing = true;
        (await app.DeliverAsync(invoice)).EnsureSuccessStatusCode();
        await Eventually.EventAsync(app, "evt_inv", e => e.Status == "failed", "failed");
        var client = app.CreateClient();

        var page = await client.GetFromJsonAsync<JsonElement>("/internal/webhooks/events?eventType=customer.subscription.updated&offset=1&pageSize=1");
        var stats = await client.GetFromJsonAsync<JsonElement>("/internal/webhooks/stats");
        var badOffset = await client.GetAsync("/internal/webhooks/events?offset=-1");

        var row = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal("evt_list2", row.GetProperty("stripeEventId").GetString());
        Assert.Equal(row.GetProperty("id").GetString(), row.GetProperty("_id").GetString());
        Assert.Equal((3, 1, 1), (page.GetProperty("pagination").GetProperty("total").GetInt32(),
            page.GetProperty("pagination").GetProperty("limit").GetInt32(), page.GetProperty("pagination").GetProperty("offset").GetInt32()));
        Assert.Equal(["failed:1", "processed:3"], stats.GetProperty("statusStats").EnumerateArray()
            .Select(s => $"{s.GetProperty("_id").GetString()}:{s.GetProperty("count").GetInt64()}").Order());
        var types = stats.GetProperty("eventTypeStats").EnumerateArray().ToList();
        Assert.Equal(("customer.subscription.updated", 3L, 0L), (types[0].GetProperty("_id").GetString(), types[0].GetProperty("count").GetInt64(), types[0].GetProperty("failedCount").GetInt64()));
        Assert.Equal(("invoice.payment_failed", 1L, 1L), (types[1].GetProperty("_id").GetString(), types[1].GetProperty("count").GetInt64(), types[1].GetProperty("failedCount").GetInt64()));
        var failure = Assert.Single(stats.GetProperty("recentFailures").EnumerateArray());
        Assert.Equal("evt_inv", failure.GetProperty("stripeEventId").GetString());
        Assert.NotEmpty(failure.GetProperty("processingErrors").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, badOffset.StatusCode);
    }

    private static Task<HttpResponseMessage> Retry(HttpClient client, string id) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/internal/webhooks/events/{id}/retry")
        {
            Content = JsonContent.Create(new { requestedBy = "ops@saas.test" }),
        });
}
