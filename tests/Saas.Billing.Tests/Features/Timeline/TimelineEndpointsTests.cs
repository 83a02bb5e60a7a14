using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Billing.Tests.Features.Timeline;

/// <summary>Billing's side of the customer timeline: transitions recorded by the ledger, and the usage resets.</summary>
public sealed class TimelineEndpointsTests
{
    [Fact]
    public async Task Timeline_AfterStripeEventsAndAnOverride_ShouldListEachTransitionWithItsCause()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        var client = app.CreateClient();
        var created = TestEvents.Subscription(user, "cus_t", "sub_t", "trialing", TestEvents.T0, "created");
        var activated = TestEvents.Subscription(user, "cus_t", "sub_t", "active", TestEvents.T0.AddDays(14));
        await app.DeliverAsync(created);
        await app.DeliverAsync(activated);
        // Same state again, later: no transition.
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_t", "sub_t", "active", TestEvents.T0.AddDays(15)));
        await client.PutAsJsonAsync($"/internal/billing/subscribers/{user}/override",
            new { subscriptionStatus = "canceled", reason = "fraud", setBy = "admin@example.com" });
        await app.DeliverAsync(TestEvents.InvoicePaid("cus_t", "sub_t", "in_t1", TestEvents.T0.AddDays(16)));

        var timeline = await client.GetFromJsonAsync<JsonElement>($"/internal/billing/timeline/user/{user}");

        Assert.Equal("cus_t", timeline.GetProperty("stripeCustomerId").GetString());
        var transitions = timeline.GetProperty("transitions").EnumerateArray().ToList();
        Assert.Equal(
            ["none→trialing", "trialing→active", "active→canceled"],
            transitions.Select(t => $"{t.GetProperty("fromStatus").GetString()}→{t.GetProperty("toStatus").GetString()}"));
        Assert.Equal(("stripe_event", created.StripeEventId), Cause(transitions[0]));
        Assert.Equal(("stripe_event", activated.StripeEventId), Cause(transitions[1]));
        Assert.Equal(("override", "admin@example.com"), Cause(transitions[2]));
        Assert.Equal("in_t1", Assert.Single(timeline.GetProperty("usageResets").EnumerateArray()).GetProperty("invoiceId").GetString());
    }

    [Fact]
    public async Task Timeline_WhenTheKindIsUnknownOrTheKeyMissing_ShouldRefuse()
    {
        await using var app = new BillingApp();
        var client = app.CreateClient();

        var badKind = await client.GetAsync("/internal/billing/timeline/team/x");
        client.DefaultRequestHeaders.Remove("X-Internal-Api-Key");
        var withoutKey = await client.GetAsync("/internal/billing/timeline/user/x");

        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Equal("kind", (await badKind.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    private static (string?, string?) Cause(JsonElement t) => (t.GetProperty("cause").GetString(), t.GetProperty("causedBy").GetString());
}
