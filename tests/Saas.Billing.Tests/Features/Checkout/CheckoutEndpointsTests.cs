using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests.Features.Checkout;

public sealed class CheckoutEndpointsTests
{
    private const string Route = "/api/billing/create-checkout-session";

    [Fact]
    public async Task CreateCheckoutSession_WhenCalledTwice_ShouldCreateTheCustomerOnceAndSendPriceUrlsAndReference()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var user = TestEvents.NewUserId();
        var client = app.ClientFor(user);

        var first = await client.PostAsJsonAsync(Route, new { priceId = "price_pro_monthly" });
        var second = await client.PostAsJsonAsync(Route, new { priceId = "price_pro_yearly" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("cs_test_", body.GetProperty("sessionId").GetString());
        Assert.StartsWith(stripe.BaseUrl + "/checkout/", body.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var customers = stripe.Requests.Where(r => r.Path == "/v1/customers").ToList();
        var customer = Assert.Single(customers);
        Assert.Equal(user, customer["metadata[userId]"]);
        Assert.Equal($"{user}@example.com", customer["email"]);
        Assert.Equal("sk_test_billing", customer.ApiKey);

        var sessions = stripe.Requests.Where(r => r.Path == "/v1/checkout/sessions").ToList();
        Assert.Equal(2, sessions.Count);
        var customerId = stripe.Customers.Keys.Single();
        Assert.All(sessions, s =>
        {
            Assert.Equal("subscription", s["mode"]);
            Assert.Equal(customerId, s["customer"]);
            Assert.Equal(user, s["client_reference_id"]);
            Assert.Equal(user, s["metadata[userId]"]);
            Assert.Equal(user, s["subscription_data[metadata][userId]"]);
            Assert.Equal("https://app.example.com/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}", s["success_url"]);
            Assert.Equal("https://app.example.com/billing?checkout=cancel", s["cancel_url"]);
            Assert.Equal("14", s["subscription_data[trial_period_days]"]);
            Assert.Equal("1", s["line_items[0][quantity]"]);
        });
        Assert.Equal(["price_pro_monthly", "price_pro_yearly"], sessions.Select(s => s["line_items[0][price]"]));

        // Every POST carries an idempotency key; distinct operations carry distinct keys.
        var posts = stripe.Requests.Where(r => r.Method == "POST").ToList();
        Assert.All(posts, p => Assert.False(string.IsNullOrEmpty(p.IdempotencyKey)));
        Assert.Equal(posts.Count, posts.Select(p => p.IdempotencyKey).Distinct().Count());

        var subscription = await client.GetFromJsonAsync<JsonElement>("/api/billing/subscription");
        Assert.Equal(customerId, subscription.GetProperty("stripeCustomerId").GetString());
        Assert.Equal("none", subscription.GetProperty("status").GetString());
    }

    [Fact]
    public async Task CreateCheckoutSession_WhenPlanAndIntervalAreGiven_ShouldUseThePlansPriceForThatInterval()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);

        var response = await app.ClientFor(TestEvents.NewUserId()).PostAsJsonAsync(Route, new { planId = "pro", interval = "annually" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("price_pro_yearly", stripe.Requests.Single(r => r.Path == "/v1/checkout/sessions")["line_items[0][price]"]);
    }

    [Theory]
    [InlineData("""{ "priceId": "price_not_sold" }""", "priceId")]
    [InlineData("""{ }""", "priceId")]
    [InlineData("""{ "planId": "gold", "interval": "month" }""", "planId")]
    [InlineData("""{ "planId": "free", "interval": "month" }""", "interval")]
    public async Task CreateCheckoutSession_WhenThePriceIsNotOnSale_ShouldAnswer400NamingTheFieldAndCallNoStripe(string json, string field)
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);

        var response = await app.ClientFor(TestEvents.NewUserId())
            .PostAsync(Route, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Empty(stripe.Requests);
    }

    [Fact]
    public async Task CreateCheckoutSession_WhenStripeAnswers500s_ShouldRetryWithOneKeyThenAnswer503AndStoreNothing()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var client = app.ClientFor(TestEvents.NewUserId());
        stripe.FailAll(new EmulatedFault(500));

        var response = await client.PostAsJsonAsync(Route, new { priceId = "price_pro_monthly" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
        var attempts = stripe.Requests;
        Assert.Equal(4, attempts.Count); // the first try and the pipeline's three retries
        Assert.Single(attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.Empty(stripe.Customers);

        stripe.Heal();
        var subscription = await client.GetFromJsonAsync<JsonElement>("/api/billing/subscription");
        Assert.Equal(JsonValueKind.Null, subscription.GetProperty("stripeCustomerId").ValueKind);
    }

    [Fact]
    public async Task CreateCheckoutSession_WhenStripeCreatedButTheAnswerWasLost_ShouldRetryWithTheSameKeyAndCreateOneCustomer()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        stripe.FailNext(1, new EmulatedFault(502, AfterProcessing: true));

        var response = await app.ClientFor(TestEvents.NewUserId()).PostAsJsonAsync(Route, new { priceId = "price_pro_monthly" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stripe.Requests.Count(r => r.Path == "/v1/customers"));
        Assert.Single(stripe.Customers);
    }

    [Fact]
    public async Task CreateCheckoutSession_WhenAnonymous_ShouldAnswer401WithAnError()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);

        var response = await app.CreateClient().PostAsJsonAsync(Route, new { priceId = "price_pro_monthly" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Authentication required", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Empty(stripe.Requests);
    }

    [Fact]
    public async Task CreateCheckoutSession_WhenNoStripeKeyIsConfiguredInTesting_ShouldAnswer503()
    {
        await using var app = new BillingApp();

        var response = await app.ClientFor(TestEvents.NewUserId()).PostAsJsonAsync(Route, new { priceId = "price_pro_monthly" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
