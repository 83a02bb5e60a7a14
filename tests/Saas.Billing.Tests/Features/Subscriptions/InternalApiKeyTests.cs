using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Saas.Billing.Tests.Features.Subscriptions;

/// <summary>
/// Issue 15, finding 5: billing skipped the key check when no key was set, so any pod could grant itself a paid
/// plan. The key is now required outside Development (start-up refuses without it) and always checked.
/// </summary>
public sealed class InternalApiKeyTests
{
    [Fact]
    public async Task Override_WhenCalledWithoutTheKey_ShouldAnswer401AndChangeNothing()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        var attacker = app.CreateClient();
        attacker.DefaultRequestHeaders.Remove("X-Internal-Api-Key");

        var response = await attacker.PutAsJsonAsync($"/internal/billing/subscribers/{user}/override",
            new { subscriptionStatus = "active", planId = "pro", reason = "free upgrade", setBy = "attacker" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.PublishedChanges(user));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    public void Start_WhenNoKeyOutsideDevelopment_ShouldRefuseNamingTheKey(string? key)
    {
        using var app = new BillingApp().WithEnvironment("Production").With("Billing:InternalApiKey", key).With("Stripe:SecretKey", "sk_test_x");

        var failure = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.Contains(failure.Failures, f => f.StartsWith("Billing:InternalApiKey:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WhenNoKeyInDevelopment_ShouldStart()
    {
        await using var app = new BillingApp().WithEnvironment("Development").With("Billing:InternalApiKey", null);

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/api/billing/plans")).StatusCode);
    }
}
