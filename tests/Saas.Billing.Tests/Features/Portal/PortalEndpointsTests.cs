using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests.Features.Portal;

public sealed class PortalEndpointsTests
{
    private const string Route = "/api/billing/create-portal-session";

    [Fact]
    public async Task CreatePortalSession_WhenTheUserHasNoCustomer_ShouldAnswer400AndCallNoStripe()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);

        var response = await app.ClientFor(TestEvents.NewUserId()).PostAsync(Route, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
        Assert.Empty(stripe.Requests);
    }

    [Fact]
    public async Task CreatePortalSession_WhenTheUserHasACustomer_ShouldReturnStripesUrlWithTheReturnUrl()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        var client = app.ClientFor(TestEvents.NewUserId());
        await client.PostAsJsonAsync("/api/billing/create-checkout-session", new { priceId = "price_pro_monthly" });

        var response = await client.PostAsync(Route, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString();
        Assert.StartsWith(stripe.BaseUrl + "/portal/", url);
        var request = stripe.Requests.Single(r => r.Path == "/v1/billing_portal/sessions");
        Assert.Equal(stripe.Customers.Keys.Single(), request["customer"]);
        Assert.Equal("https://app.example.com/billing", request["return_url"]);
        Assert.False(string.IsNullOrEmpty(request.IdempotencyKey));
    }
}
