using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Saas.Webhooks.Tests.Features.Intake;

public sealed class IntakeEndpointsTests
{
    private const string Secret = "whsec_test_secret";
    private const string Payload = """{"id":"evt_1","object":"event","type":"customer.subscription.updated","created":1700000000,"data":{"object":{}}}""";

    /// <summary>Stripe's scheme: v1 = HMAC-SHA256 of "{timestamp}.{payload}" with the endpoint secret.</summary>
    private static string Sign(string payload, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    private static HttpRequestMessage Delivery(string path, string? signature) =>
        new(HttpMethod.Post, path)
        {
            Content = new StringContent(Payload, Encoding.UTF8, "application/json"),
            Headers = { { "Stripe-Signature", signature is null ? [] : [signature] } },
        };

    [Theory]
    [InlineData("/api/stripe/webhook")]
    [InlineData("/api/stripe-webhook")]
    public async Task Receive_WhenTheSignatureHeaderIsMissing_ShouldAnswer400NamingIt(string path)
    {
        await using var app = new WebhooksApp().With("Stripe:WebhookSecret", Secret);

        var response = await app.CreateClient().SendAsync(Delivery(path, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Stripe-Signature", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Receive_WhenSignedWithAnotherSecret_ShouldAnswer400()
    {
        await using var app = new WebhooksApp().With("Stripe:WebhookSecret", Secret);

        var response = await app.CreateClient().SendAsync(Delivery("/api/stripe/webhook", Sign(Payload, "whsec_other", DateTimeOffset.UtcNow)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid Stripe signature", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Receive_WhenTheTimestampIsOlderThanFiveMinutes_ShouldAnswer400()
    {
        await using var app = new WebhooksApp().With("Stripe:WebhookSecret", Secret);

        var response = await app.CreateClient().SendAsync(Delivery("/api/stripe/webhook", Sign(Payload, Secret, DateTimeOffset.UtcNow.AddMinutes(-6))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Receive_WhenSignedWithTheSecondOfTwoRotatingSecrets_ShouldPassVerificationAndAskStripeToRetry()
    {
        await using var app = new WebhooksApp().With("Stripe:WebhookSecret", $"whsec_old, {Secret}");

        var response = await app.CreateClient().SendAsync(Delivery("/api/stripe/webhook", Sign(Payload, Secret, DateTimeOffset.UtcNow)));

        // Verified, but not yet stored: 503 with Retry-After keeps the event at Stripe instead of losing it.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
