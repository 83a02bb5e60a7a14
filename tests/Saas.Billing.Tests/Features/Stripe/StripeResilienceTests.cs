using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests.Features.Stripe;

public sealed class StripeResilienceTests
{
    [Fact]
    public async Task StripeCalls_WhenFailuresOpenTheCircuit_ShouldAnswer503WithoutCallingStripeUntilItCloses()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe)
            .With("Stripe:Resilience:CircuitBreaker:MinimumThroughput", "2")
            .With("Stripe:Resilience:CircuitBreaker:BreakDuration", "00:01:00");
        var client = app.ClientFor(TestEvents.NewUserId());
        stripe.FailAll(new EmulatedFault(503));

        var first = await client.PostAsJsonAsync("/api/billing/create-checkout-session", new { priceId = "price_pro_monthly" });
        var callsWhenOpened = stripe.Requests.Count;
        stripe.Heal();
        var second = await client.PostAsJsonAsync("/api/billing/create-checkout-session", new { priceId = "price_pro_monthly" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(callsWhenOpened, stripe.Requests.Count);
    }

    [Fact]
    public async Task StripeCalls_WhenStripeAnswers429Once_ShouldRetryAndSucceed()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe);
        stripe.FailNext(1, new EmulatedFault(429));

        var response = await app.ClientFor(TestEvents.NewUserId())
            .PostAsJsonAsync("/api/billing/create-checkout-session", new { priceId = "price_pro_monthly" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([429, 200], stripe.Requests.Where(r => r.Path == "/v1/customers").Select(r => r.StatusCode));
    }

    [Theory]
    [InlineData("Production", null, "Stripe:SecretKey")]
    [InlineData("Production", "pk_live_wrong_kind", "Stripe:SecretKey")]
    [InlineData("Testing", "sk_test_ok", "Billing:DefaultPlanId")]
    public void Start_WhenAStripeOrCatalogSettingIsWrong_ShouldFailNamingTheKey(string environment, string? key, string failingKey)
    {
        using var app = new BillingApp().WithEnvironment(environment).With("Stripe:SecretKey", key)
            .With("Billing:DefaultPlanId", failingKey == "Billing:DefaultPlanId" ? "platinum" : null);

        var error = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.Contains(error.Failures, f => f.StartsWith(failingKey) && !f.Contains("pk_live"));
    }
}
