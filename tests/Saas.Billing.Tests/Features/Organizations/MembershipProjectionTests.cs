using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Billing.Tests.Features.Usage;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests.Features.Organizations;

/// <summary>Identity's organization events, seen through what a member can then do in billing.</summary>
public sealed class MembershipProjectionTests
{
    [Fact]
    public async Task Membership_WhenTheRemovalArrivesBeforeTheOlderAdd_ShouldStayRemovedUntilANewerAdd()
    {
        await using var app = new BillingApp();
        var org = TestEvents.NewOrganizationId();
        var user = TestEvents.NewUserId();
        var route = $"/api/v1/organizations/{org}/subscription";
        var client = app.ClientFor(user);

        await app.DeliverAsync(TestEvents.Membership(org, user, null, 3));
        await app.DeliverAsync(TestEvents.Membership(org, user, "member", 2));
        var afterLateAdd = await client.GetAsync(route);
        await app.DeliverAsync(TestEvents.Membership(org, user, "member", 4));
        var afterRejoin = await client.GetAsync(route);

        Assert.Equal(HttpStatusCode.NotFound, afterLateAdd.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterRejoin.StatusCode);
    }

    [Fact]
    public async Task Membership_WhenRoleChangesArriveOutOfOrderAndTwice_ShouldKeepTheNewestRole()
    {
        await using var app = new BillingApp();
        var org = TestEvents.NewOrganizationId();
        var user = TestEvents.NewUserId();
        var client = app.ClientFor(user);
        var track = $"/api/v1/organizations/{org}/usage/track";

        var demoted = TestEvents.Membership(org, user, "viewer", 5);
        await app.DeliverAsync(demoted, times: 2);
        await app.DeliverAsync(TestEvents.Membership(org, user, "admin", 4));
        await app.DeliverAsync(TestEvents.Membership(org, user, "member", 1));
        var asViewer = await client.PostAsJsonAsync(track, new { feature = "api_calls" });
        var check = await client.GetAsync($"/api/v1/organizations/{org}/usage/check/api_calls");
        await app.DeliverAsync(TestEvents.Membership(org, user, "member", 6));
        var asMember = await client.PostAsJsonAsync(track, new { feature = "api_calls" });

        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asMember.StatusCode);
        Assert.Equal(1, (await asMember.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("used").GetInt64());
    }

    [Fact]
    public async Task OrganizationCreated_WhenTheOwnersMembershipEventHasNotArrived_ShouldStillLetTheOwnerIn()
    {
        await using var app = new BillingApp();
        var org = TestEvents.NewOrganizationId();
        var owner = TestEvents.NewUserId();

        await app.DeliverAsync(TestEvents.OrganizationCreated(org, owner));
        var view = await app.ClientFor(owner).GetAsync($"/api/v1/organizations/{org}/subscription");
        // Ownership moved on before the creation event was consumed: the creation must not hand it back.
        var transferred = TestEvents.NewOrganizationId();
        await app.DeliverAsync(TestEvents.Membership(transferred, owner, "member", 7));
        await app.DeliverAsync(TestEvents.OrganizationCreated(transferred, owner));
        var asMember = await app.ClientFor(owner).PostAsJsonAsync($"/api/v1/organizations/{transferred}/subscription", new { priceId = "price_pro_monthly" });

        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
    }

    [Fact]
    public async Task OrganizationDeleted_WhenItHasALiveSubscription_ShouldCancelItOnceAndForgetEveryMemberForGood()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);
        await app.ClientFor(org.Owner).PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });
        var customerId = stripe.Customers.Keys.Single();
        var subscription = stripe.AddSubscription(customerId, "price_pro_monthly");
        await app.DeliverAsync(TestEvents.Subscription(null, customerId, subscription.Id, "active", TestEvents.T0, "created"));
        stripe.ClearRequests();

        await app.DeliverAsync(TestEvents.OrganizationDeleted(org.Id), times: 2);
        await app.DeliverAsync(TestEvents.OrganizationDeleted(org.Id)); // a second event for the same deletion
        // A membership change published before the deletion but delivered after it.
        await app.DeliverAsync(TestEvents.Membership(org.Id, org.Member, "admin", 9));

        // Two copies consumed at the same moment may both call Stripe, with one idempotency key: Stripe cancels once.
        // The later event finds the subscription canceled and calls nothing.
        Assert.NotEmpty(stripe.Requests);
        Assert.All(stripe.Requests, cancel =>
        {
            Assert.Equal("DELETE", cancel.Method);
            Assert.Equal($"/v1/subscriptions/{subscription.Id}", cancel.Path);
            Assert.Equal($"cancel-{subscription.Id}", cancel.IdempotencyKey);
        });
        Assert.InRange(stripe.Requests.Count, 1, 2);
        Assert.Equal("canceled", stripe.Subscriptions[subscription.Id].Status);
        Assert.Equal("canceled", app.PublishedOrganizationChanges(org.Id).Last().Status);
        foreach (var member in new[] { org.Owner, org.Admin, org.Member, org.Viewer })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(member).GetAsync(org.SubscriptionRoute)).StatusCode);
            var track = await app.ClientFor(member).TrackAsync(new { feature = "api_calls" }, organizationHeader: org.Id);
            Assert.Equal(HttpStatusCode.Forbidden, track.StatusCode);
        }
    }

    [Fact]
    public async Task OrganizationDeleted_WhenStripeIsDown_ShouldFailTheMessageForARetryButAlreadyShutTheMembersOut()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe).With("Messaging:RetryIntervals:0", "00:00:00.050");
        var org = await TestOrganization.CreateAsync(app);
        await app.ClientFor(org.Owner).PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });
        var customerId = stripe.Customers.Keys.Single();
        var subscription = stripe.AddSubscription(customerId, "price_pro_monthly");
        await app.DeliverAsync(TestEvents.Subscription(null, customerId, subscription.Id, "active", TestEvents.T0, "created"));
        stripe.FailAll(new EmulatedFault(503));

        var deleted = TestEvents.OrganizationDeleted(org.Id);
        await app.Harness.Bus.Publish(deleted);
        await Eventually.TrueAsync(() => app.Harness.Published.Select<MassTransit.Fault<Contracts.Identity.OrganizationDeleted>>().Any(),
            "the deletion did not fault while Stripe was down");

        Assert.Equal("active", stripe.Subscriptions[subscription.Id].Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(org.Owner).GetAsync(org.SubscriptionRoute)).StatusCode);
        stripe.Heal();
        await app.Harness.Bus.Publish(deleted); // the replay from the error queue, same event id
        await Eventually.TrueAsync(() => stripe.Subscriptions[subscription.Id].Status == "canceled", "the replayed deletion canceled nothing");
    }
}
