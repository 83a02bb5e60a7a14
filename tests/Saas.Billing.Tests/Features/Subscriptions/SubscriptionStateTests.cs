using System.Net.Http.Json;
using System.Text.Json;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests.Features.Subscriptions;

public sealed class SubscriptionStateTests
{
    private static readonly DateTimeOffset T1 = TestEvents.T0;
    private static readonly DateTimeOffset T2 = TestEvents.T0.AddMinutes(5);
    private static readonly DateTimeOffset T3 = TestEvents.T0.AddMinutes(10);

    [Fact]
    public async Task SubscriptionEvents_WhenUpdatedAtT2ArrivesBeforeCreatedAtT1_ShouldKeepTheStateOfT2()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();

        await app.DeliverAsync(TestEvents.Subscription(user, "cus_1", "sub_1", "active", T2, "updated", cancelAtPeriodEnd: true));
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_1", "sub_1", "incomplete", T1, "created"));

        var state = await Subscription(app, user);
        Assert.Equal("active", state.GetProperty("status").GetString());
        Assert.True(state.GetProperty("cancelling").GetBoolean());
        Assert.Equal("pro", state.GetProperty("plan").GetString());
        Assert.Single(app.PublishedChanges(user));
    }

    [Fact]
    public async Task SubscriptionEvents_WhenOneIsDeliveredTwice_ShouldApplyOnceAndPublishOnce()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        var created = TestEvents.Subscription(user, "cus_2", "sub_2", "trialing", T1, "created", trialEnd: T1.AddDays(14));

        await app.DeliverAsync(created, times: 2);
        await app.DeliverAsync(created);

        var changes = app.PublishedChanges(user);
        var change = Assert.Single(changes);
        Assert.Equal("trialing", change.Status);
        Assert.Equal("cus_2", change.CustomerId);
        Assert.Equal("sub_2", change.SubscriptionId);
        Assert.Equal("pro", change.PlanId);
        Assert.Equal(T1, change.StripeEventCreated);
        Assert.Equal("trialing", (await Subscription(app, user)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task SubscriptionEvents_WhenAnOlderEventIsReplayedOrArrivesAfterDeletion_ShouldNeverMoveStateBack()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        var created = TestEvents.Subscription(user, "cus_3", "sub_3", "active", T1, "created");
        await app.DeliverAsync(created);
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_3", "sub_3", "canceled", T2, "deleted"));

        // A support replay of the first event (new event id, same Stripe event) and a late update of the same second.
        await app.DeliverAsync(created with { EventId = Guid.NewGuid(), IsReplay = true });
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_3", "sub_3", "active", T2, "updated"));
        // Even a newer event cannot revive a subscription Stripe ended.
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_3", "sub_3", "active", T3, "updated"));

        var state = await Subscription(app, user);
        Assert.Equal("cancelled", state.GetProperty("status").GetString());
        Assert.Equal("free", state.GetProperty("plan").GetString());
        Assert.Equal(["active", "canceled"], app.PublishedChanges(user).Select(c => c.Status));
    }

    [Fact]
    public async Task SubscriptionEvents_WhenTheOldSubscriptionEndsAfterANewOneStarted_ShouldKeepTheNewOne()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_4", "sub_old", "active", T1, "created"));
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_4", "sub_new", "active", T2, "created"));

        await app.DeliverAsync(TestEvents.Subscription(user, "cus_4", "sub_old", "canceled", T3, "deleted"));

        var state = await Subscription(app, user);
        Assert.Equal("active", state.GetProperty("status").GetString());
        Assert.Equal("sub_new", state.GetProperty("stripeSubscriptionId").GetString());
    }

    [Fact]
    public async Task InvoiceEvents_WhenPaymentFailsThenSucceeds_ShouldGoPastDueThenActive()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_5", "sub_5", "active", T1, "created"));

        await app.DeliverAsync(TestEvents.PaymentFailed("cus_5", "sub_5", T2));
        var failed = await Subscription(app, user);
        await app.DeliverAsync(TestEvents.InvoicePaid("cus_5", "sub_5", "in_5", T3));

        Assert.Equal("past_due", failed.GetProperty("status").GetString());
        Assert.False(failed.GetProperty("active").GetBoolean());
        Assert.Equal("active", (await Subscription(app, user)).GetProperty("status").GetString());
        Assert.Equal(["active", "past_due", "active"], app.PublishedChanges(user).Select(c => c.Status));
    }

    [Fact]
    public async Task GetSubscription_ForEveryStripeStatus_ShouldSpellItAsSaasBackendAndDeriveSeed001Fields()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        string[] statuses = ["incomplete", "trialing", "active", "past_due", "unpaid", "paused", "incomplete_expired"];
        var at = T1;
        foreach (var status in statuses)
        {
            at = at.AddMinutes(1);
            await app.DeliverAsync(TestEvents.Subscription(user, "cus_6", "sub_6", status, at, trialEnd: DateTimeOffset.UtcNow.AddDays(3)));
            var state = await Subscription(app, user);
            Assert.Equal(status, state.GetProperty("status").GetString());
            Assert.Equal(status is "active" or "trialing", state.GetProperty("active").GetBoolean());
            Assert.Equal(status == "trialing", state.GetProperty("trialing").GetBoolean());
            Assert.Equal(status is "active" or "trialing" ? "pro" : "free", state.GetProperty("plan").GetString());
        }

        await app.DeliverAsync(TestEvents.Subscription(user, "cus_6", "sub_7", "active", at.AddMinutes(1), "created"));
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_6", "sub_7", "canceled", at.AddMinutes(2), "deleted"));
        Assert.Equal("cancelled", (await Subscription(app, user)).GetProperty("status").GetString());
        Assert.Equal("none", (await Subscription(app, TestEvents.NewUserId())).GetProperty("status").GetString());
    }

    [Fact]
    public async Task CheckoutCompleted_WhenDelivered_ShouldLinkTheCustomerAndApplyTheLiveSubscription()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var user = TestEvents.NewUserId();
        var live = stripe.AddSubscription("cus_checkout", "price_pro_yearly", "trialing");

        await app.DeliverAsync(TestEvents.CheckoutCompleted(user, "cus_checkout", live.Id, T1));

        var state = await Subscription(app, user);
        Assert.Equal("cus_checkout", state.GetProperty("stripeCustomerId").GetString());
        Assert.Equal("trialing", state.GetProperty("status").GetString());
        Assert.Equal("price_pro_yearly", state.GetProperty("priceId").GetString());
        Assert.Contains(stripe.Requests, r => r.Method == "GET" && r.Path == $"/v1/subscriptions/{live.Id}");
    }

    [Fact]
    public async Task UserDeleted_WhenDeliveredTwice_ShouldCancelTheStripeSubscriptionUnderOneIdempotencyKey()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var user = TestEvents.NewUserId();
        var live = stripe.AddSubscription("cus_gone", "price_pro_monthly");
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_gone", live.Id, "active", T1, "created"));

        await app.DeliverAsync(TestEvents.UserDeleted(user, "cus_gone", live.Id), times: 2);

        Assert.Equal("canceled", stripe.Subscriptions[live.Id].Status);
        // Concurrent deliveries may both reach Stripe; one key makes the second a replay of the first's answer.
        var cancels = stripe.Requests.Where(r => r.Method == "DELETE").ToList();
        Assert.All(cancels, c => Assert.Equal($"/v1/subscriptions/{live.Id}", c.Path));
        Assert.Single(cancels.Select(c => c.IdempotencyKey).Distinct());
        Assert.Equal("cancelled", (await Subscription(app, user)).GetProperty("status").GetString());
    }

    internal static Task<JsonElement> Subscription(BillingApp app, string user) =>
        app.ClientFor(user).GetFromJsonAsync<JsonElement>("/api/billing/subscription");
}
