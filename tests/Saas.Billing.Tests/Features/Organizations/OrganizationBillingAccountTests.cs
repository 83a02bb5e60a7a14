using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests.Features.Organizations;

/// <summary>After subscribing: the organization's billing portal (owner) and reconcile (owner, admin).</summary>
public sealed class OrganizationBillingAccountTests
{
    [Fact]
    public async Task Portal_ForTheOwner_ShouldOpenOnTheOrganizationsOwnCustomer()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);
        var owner = app.ClientFor(org.Owner);
        // The owner's personal customer exists too: the portal must not open on it.
        await owner.PostAsJsonAsync("/api/billing/create-checkout-session", new { priceId = "price_pro_monthly" });
        await owner.PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });
        var organizationCustomer = (await owner.GetFromJsonAsync<JsonElement>(org.SubscriptionRoute)).GetProperty("stripeCustomerId").GetString();

        var response = await owner.PostAsync($"{org.SubscriptionRoute}/portal", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(stripe.BaseUrl + "/portal/", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString());
        var request = stripe.Requests.Single(r => r.Path == "/v1/billing_portal/sessions");
        Assert.Equal(organizationCustomer, request["customer"]);
        Assert.Equal("https://app.example.com/billing", request["return_url"]);
        Assert.Contains($"organization:{org.Id}", request.IdempotencyKey);
    }

    [Fact]
    public async Task Portal_BeforeTheOrganizationHasACustomer_ShouldAnswer400AndCallNoStripe()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);

        var response = await app.ClientFor(org.Owner).PostAsync($"{org.SubscriptionRoute}/portal", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("No billing account yet: subscribe first", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Empty(stripe.Requests);
    }

    [Theory]
    [InlineData("portal", "admin", HttpStatusCode.Forbidden)]
    [InlineData("portal", "member", HttpStatusCode.Forbidden)]
    [InlineData("portal", "viewer", HttpStatusCode.Forbidden)]
    [InlineData("portal", "stranger", HttpStatusCode.NotFound)]
    [InlineData("reconcile", "member", HttpStatusCode.Forbidden)]
    [InlineData("reconcile", "viewer", HttpStatusCode.Forbidden)]
    [InlineData("reconcile", "stranger", HttpStatusCode.NotFound)]
    public async Task Route_WhenTheRoleMayNot_ShouldRefuseClearlyAndAskNothingOfStripe(string route, string who, HttpStatusCode expected)
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);
        await app.ClientFor(org.Owner).PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });
        var before = stripe.Requests.Count;
        var caller = who switch { "admin" => org.Admin, "member" => org.Member, "viewer" => org.Viewer, _ => TestEvents.NewUserId() };

        var response = await app.ClientFor(caller).PostAsync($"{org.SubscriptionRoute}/{route}", null);

        Assert.Equal(expected, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains(expected == HttpStatusCode.NotFound ? "Organization not found" : $"(your role: {who})", error);
        Assert.Equal(before, stripe.Requests.Count);
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("admin")]
    public async Task Reconcile_WhenStripeHasMovedOn_ShouldApplyItToTheOrganizationAndPublishTheChange(string who)
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);
        await app.ClientFor(org.Owner).PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });
        // Paid at Stripe, but the webhook never arrived.
        var live = stripe.AddSubscription(stripe.Customers.Keys.Single(), "price_pro_monthly", "active");

        var response = await app.ClientFor(who == "owner" ? org.Owner : org.Admin).PostAsync($"{org.SubscriptionRoute}/reconcile", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("success", "active"), (body.GetProperty("status").GetString(), body.GetProperty("subscriptionStatus").GetString()));
        var view = await app.ClientFor(org.Viewer).GetFromJsonAsync<JsonElement>(org.SubscriptionRoute);
        Assert.Equal((live.Id, "pro"), (view.GetProperty("stripeSubscriptionId").GetString(), view.GetProperty("plan").GetString()));
        await Eventually.TrueAsync(() => app.PublishedOrganizationChanges(org.Id).Any(c => c.Status == "active"));
        Assert.Equal("none", (await app.ClientFor(org.Owner).GetFromJsonAsync<JsonElement>("/api/billing/subscription")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reconcile_WhenStripeIsDown_ShouldAnswer503AndLeaveTheOrganizationsStateAlone()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await TestOrganization.CreateAsync(app);
        await app.ClientFor(org.Owner).PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });
        var customerId = stripe.Customers.Keys.Single();
        await app.DeliverAsync(TestEvents.Subscription(null, customerId, "sub_org_down", "active", TestEvents.T0, "created"));
        stripe.FailAll(new EmulatedFault(503));

        var response = await app.ClientFor(org.Owner).PostAsync($"{org.SubscriptionRoute}/reconcile", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var view = await app.ClientFor(org.Owner).GetFromJsonAsync<JsonElement>(org.SubscriptionRoute);
        Assert.Equal(("active", "sub_org_down"), (view.GetProperty("status").GetString(), view.GetProperty("stripeSubscriptionId").GetString()));
    }
}
