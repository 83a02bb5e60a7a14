using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests.Features.Subscriptions;

public sealed class ReconcileTests
{
    private const string Route = "/api/billing/reconcile-subscription";

    [Fact]
    public async Task Reconcile_WhenStripeHasALiveSubscription_ShouldApplyItAndPublishTheChangeOnce()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var user = TestEvents.NewUserId();
        var client = app.ClientFor(user);
        await client.PostAsJsonAsync("/api/billing/create-checkout-session", new { priceId = "price_pro_monthly" });
        var live = stripe.AddSubscription(stripe.Customers.Keys.Single(), "price_pro_monthly", "past_due");

        var response = await client.PostAsync(Route, null);
        var again = await client.PostAsync(Route, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("past_due", body.GetProperty("subscriptionStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var subscription = await client.GetFromJsonAsync<JsonElement>("/api/billing/subscription");
        Assert.Equal(live.Id, subscription.GetProperty("stripeSubscriptionId").GetString());
        Assert.Equal("past_due", subscription.GetProperty("stripeStatus").GetString());
        Assert.Equal("free", subscription.GetProperty("plan").GetString()); // suspended: back to the default plan
        Assert.False(subscription.GetProperty("active").GetBoolean());

        await Eventually.TrueAsync(() => app.PublishedChanges(user).Any(c => c.Status == "past_due"));
        var changes = app.PublishedChanges(user).Where(c => c.SubscriptionId == live.Id).ToList();
        var change = Assert.Single(changes);
        Assert.Equal("pro", change.PlanId);
        Assert.Equal(stripe.Customers.Keys.Single(), change.CustomerId);
    }

    [Fact]
    public async Task Reconcile_WhenStripeIsDown_ShouldAnswer503AndLeaveTheStoredStateAlone()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var user = TestEvents.NewUserId();
        var client = app.ClientFor(user);
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_down", "sub_down", "active", TestEvents.T0, "created"));
        stripe.FailAll(new EmulatedFault(503));

        var response = await client.PostAsync(Route, null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var subscription = await client.GetFromJsonAsync<JsonElement>("/api/billing/subscription");
        Assert.Equal("active", subscription.GetProperty("status").GetString());
        Assert.Equal("sub_down", subscription.GetProperty("stripeSubscriptionId").GetString());
    }

    [Fact]
    public async Task Reconcile_WhenTheUserHasNoCustomer_ShouldAnswerNoneWithoutCallingStripe()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);

        var body = await (await app.ClientFor(TestEvents.NewUserId()).PostAsync(Route, null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("none", body.GetProperty("subscriptionStatus").GetString());
        Assert.Empty(stripe.Requests);
    }
}
