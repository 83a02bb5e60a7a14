using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests.Features.Organizations;

public sealed class OrganizationSubscriptionTests
{
    [Fact]
    public async Task Create_WhenTheOwnerSubscribesTwice_ShouldCreateTheOrganizationsOwnCustomerOnceAndCheckoutWithItsMetadata()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);
        var owner = app.ClientFor(org.Owner);

        var first = await owner.PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });
        var second = await owner.PostAsJsonAsync(org.SubscriptionRoute, new { planId = "pro", interval = "year" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("cs_test_", body.GetProperty("sessionId").GetString());
        Assert.StartsWith(stripe.BaseUrl + "/checkout/", body.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var customer = Assert.Single(stripe.Requests, r => r.Path == "/v1/customers");
        Assert.Equal(org.Id, customer["metadata[org_id]"]);
        Assert.Null(customer["metadata[userId]"]);
        Assert.Equal(org.Name, customer["name"]);
        Assert.Equal($"{org.Owner}@example.com", customer["email"]);
        var customerId = stripe.Customers.Keys.Single();

        var sessions = stripe.Requests.Where(r => r.Path == "/v1/checkout/sessions").ToList();
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s =>
        {
            Assert.Equal("subscription", s["mode"]);
            Assert.Equal(customerId, s["customer"]);
            Assert.Equal(org.Id, s["client_reference_id"]);
            Assert.Equal(org.Id, s["metadata[org_id]"]);
            Assert.Equal(org.Id, s["subscription_data[metadata][org_id]"]);
            Assert.Null(s["metadata[userId]"]);
            Assert.Null(s["subscription_data[metadata][userId]"]);
            Assert.Equal("pro", s["metadata[planId]"]);
            Assert.Equal("https://app.example.com/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}", s["success_url"]);
            Assert.Equal("https://app.example.com/billing?checkout=cancel", s["cancel_url"]);
            Assert.Equal("14", s["subscription_data[trial_period_days]"]);
            Assert.Equal("1", s["line_items[0][quantity]"]);
        });
        Assert.Equal(["price_pro_monthly", "price_pro_yearly"], sessions.Select(s => s["line_items[0][price]"]));

        var posts = stripe.Requests.Where(r => r.Method == "POST").ToList();
        Assert.All(posts, p => Assert.Contains($"organization:{org.Id}", p.IdempotencyKey));
        Assert.Equal(posts.Count, posts.Select(p => p.IdempotencyKey).Distinct().Count());

        // The organization's customer is its own: the owner's personal subscription has none.
        var orgView = await app.ClientFor(org.Viewer).GetFromJsonAsync<JsonElement>(org.SubscriptionRoute);
        Assert.Equal(customerId, orgView.GetProperty("stripeCustomerId").GetString());
        Assert.Equal("none", orgView.GetProperty("status").GetString());
        var personal = await owner.GetFromJsonAsync<JsonElement>("/api/billing/subscription");
        Assert.Equal(JsonValueKind.Null, personal.GetProperty("stripeCustomerId").ValueKind);
    }

    [Theory]
    [InlineData("admin", HttpStatusCode.Forbidden, "owner")]
    [InlineData("member", HttpStatusCode.Forbidden, "owner")]
    [InlineData("viewer", HttpStatusCode.Forbidden, "owner")]
    [InlineData("stranger", HttpStatusCode.NotFound, "not found")]
    public async Task Create_WhenTheCallerIsNotTheOwner_ShouldRefuseClearlyAndChangeNothing(string who, HttpStatusCode expected, string message)
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);
        var caller = who switch { "admin" => org.Admin, "member" => org.Member, "viewer" => org.Viewer, _ => TestEvents.NewUserId() };

        var response = await app.ClientFor(caller).PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(stripe.Requests);
        var view = await app.ClientFor(org.Owner).GetFromJsonAsync<JsonElement>(org.SubscriptionRoute);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("stripeCustomerId").ValueKind);
    }

    [Theory]
    [InlineData("""{ "priceId": "price_not_sold" }""", "priceId")]
    [InlineData("""{ }""", "priceId")]
    [InlineData("""{ "planId": "free", "interval": "month" }""", "interval")]
    public async Task Create_WhenTheOwnerNamesNoPriceOnSale_ShouldAnswer400NamingTheFieldAndCallNoStripe(string json, string field)
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);

        var response = await app.ClientFor(org.Owner)
            .PostAsync(org.SubscriptionRoute, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Empty(stripe.Requests);
    }

    [Fact]
    public async Task Get_WhenAMemberOfAnyRoleOrAStrangerAsks_ShouldShowItToMembersOnly()
    {
        await using var app = new BillingApp();
        var org = await TestOrganization.CreateAsync(app);

        foreach (var member in new[] { org.Owner, org.Admin, org.Member, org.Viewer })
        {
            var view = await app.ClientFor(member).GetFromJsonAsync<JsonElement>(org.SubscriptionRoute);
            Assert.Equal("none", view.GetProperty("status").GetString());
            Assert.Equal("free", view.GetProperty("plan").GetString());
        }

        var stranger = await app.ClientFor(TestEvents.NewUserId()).GetAsync(org.SubscriptionRoute);
        var unknown = await app.ClientFor(org.Owner).GetAsync($"/api/v1/organizations/{TestEvents.NewOrganizationId()}/subscription");
        var anonymous = await app.CreateClient().GetAsync(org.SubscriptionRoute);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal("Organization not found", (await stranger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Webhooks_WhenTheOrganizationsSubscriptionChanges_ShouldApplyThemAndPublishChangesNamingTheOrganization()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);
        await app.ClientFor(org.Owner).PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });
        var customerId = stripe.Customers.Keys.Single();

        // Stripe's subscription events for an organization carry metadata.org_id, not a userId.
        await app.DeliverAsync(TestEvents.Subscription(null, customerId, "sub_org", "active", TestEvents.T0, "created"));
        var active = await app.ClientFor(org.Member).GetFromJsonAsync<JsonElement>(org.SubscriptionRoute);
        await app.DeliverAsync(TestEvents.PaymentFailed(customerId, "sub_org", TestEvents.T0.AddMonths(1)));
        // Out of order: an older "active" must not undo past_due.
        await app.DeliverAsync(TestEvents.Subscription(null, customerId, "sub_org", "active", TestEvents.T0.AddDays(3)));
        var pastDue = await app.ClientFor(org.Viewer).GetFromJsonAsync<JsonElement>(org.SubscriptionRoute);

        Assert.Equal("active", active.GetProperty("status").GetString());
        Assert.Equal("pro", active.GetProperty("plan").GetString());
        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.Equal("past_due", pastDue.GetProperty("status").GetString());
        var changes = app.PublishedOrganizationChanges(org.Id);
        // "none" first: the organization got its Stripe customer at checkout, before any subscription.
        Assert.Equal(["none", "active", "past_due"], changes.Select(c => c.Status));
        Assert.All(changes, c => Assert.Null(c.UserId));
        Assert.All(changes, c => Assert.Equal(customerId, c.CustomerId));
        Assert.Equal("none", (await app.ClientFor(org.Owner).GetFromJsonAsync<JsonElement>("/api/billing/subscription")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task CheckoutCompleted_WhenTheCustomerIsNotKnownYet_ShouldFindTheOrganizationByItsMetadataNotAsAUser()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);
        var subscription = stripe.AddSubscription("cus_elsewhere", "price_pro_monthly");
        // The translator reports client_reference_id (here the organization's id) as the user id when no userId is in the metadata.
        var completed = TestEvents.CheckoutCompleted(org.Id, "cus_elsewhere", subscription.Id, TestEvents.T0) with
        {
            Metadata = new Dictionary<string, string> { ["org_id"] = org.Id },
        };

        await app.DeliverAsync(completed);

        var view = await app.ClientFor(org.Owner).GetFromJsonAsync<JsonElement>(org.SubscriptionRoute);
        Assert.Equal("active", view.GetProperty("status").GetString());
        Assert.Equal("cus_elsewhere", view.GetProperty("stripeCustomerId").GetString());
        Assert.Empty(app.PublishedChanges(org.Id));
        Assert.Equal("active", app.PublishedOrganizationChanges(org.Id).Last().Status);
    }
}
