using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Contracts.Webhooks;

namespace Saas.Billing.Tests.Features.Timeline;

/// <summary>The replay preview: billing's own state machine applied to copies, nothing written or published.</summary>
public sealed class ReplayPreviewTests
{
    [Fact]
    public async Task Preview_OfAnOlderEvent_ShouldSayItChangesNothing()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        var old = TestEvents.Subscription(user, "cus_p", "sub_p", "past_due", TestEvents.T0, "created");
        await app.DeliverAsync(old);
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_p", "sub_p", "active", TestEvents.T0.AddDays(1)));

        var preview = await PreviewAsync(app, old with { IsReplay = true });

        Assert.True(preview.GetProperty("changesNothing").GetBoolean());
        var only = Assert.Single(preview.GetProperty("events").EnumerateArray());
        Assert.False(only.GetProperty("wouldChange").GetBoolean());
        Assert.Equal("active", only.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("active", only.GetProperty("after").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Preview_OfANewerEvent_ShouldShowTheStateItWouldProduceWithoutWritingIt()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_q", "sub_q", "active", TestEvents.T0, "created"));
        var published = app.PublishedChanges(user).Count;
        var cancel = TestEvents.Subscription(user, "cus_q", "sub_q", "canceled", TestEvents.T0.AddDays(3), "deleted");
        var failed = TestEvents.PaymentFailed("cus_q", "sub_q", TestEvents.T0.AddDays(2));

        // Two events of one subscriber chain: the payment failure first (older), then the deletion.
        var preview = await PreviewAsync(app, failed, cancel);

        Assert.False(preview.GetProperty("changesNothing").GetBoolean());
        var events = preview.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(("active", "past_due"), States(events[0]));
        Assert.Equal(("past_due", "canceled"), States(events[1]));
        Assert.All(events, e => Assert.True(e.GetProperty("wouldChange").GetBoolean()));
        var stored = await Subscriptions.SubscriptionStateTests.Subscription(app, user);
        Assert.Equal("active", stored.GetProperty("status").GetString());
        Assert.Equal(published, app.PublishedChanges(user).Count);
    }

    [Fact]
    public async Task Preview_WhenAMessageIsNotAnEventBillingKnows_ShouldNameIt()
    {
        await using var app = new BillingApp();
        var response = await app.CreateClient().PostAsJsonAsync("/internal/billing/replay-preview",
            new { events = new[] { new { stripeEventId = "evt_x", type = "StripeRefund", message = new { } } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("events[0].message", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    private static async Task<JsonElement> PreviewAsync(BillingApp app, params StripeIntegrationEvent[] messages)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/internal/billing/replay-preview", new
        {
            events = messages.Select(m => new { stripeEventId = m.StripeEventId, type = m.GetType().Name, message = (object)m }),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static (string?, string?) States(JsonElement e) =>
        (e.GetProperty("before").GetProperty("status").GetString(), e.GetProperty("after").GetProperty("status").GetString());
}
