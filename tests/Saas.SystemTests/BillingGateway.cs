using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>
/// A customer's purchase as a front end and Stripe drive it: the gateway's billing routes, the Stripe emulator's checkout
/// page and triggers, and <c>GET /api/auth/me</c> watched until webhooks → RabbitMQ → billing → identity show the result.
/// </summary>
internal sealed class BillingGateway(SharedSystem system) : IDisposable
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _gateway = Client(system.GatewayUrl);
    private readonly HttpClient _stripe = Client(system.StripeUrl);

    /// <summary>Registers a user, pays for pro on the emulator's checkout page and waits for <c>active</c> on /me.</summary>
    public async Task<(string Token, string SubscriptionId)> SubscribeToProAsync()
    {
        var email = $"billing-{Guid.NewGuid():N}@example.com";
        var (status, registered) = await SendAsync(_gateway, HttpMethod.Post, "/api/auth/register", new { email, password = "system-test-password-1", name = "Billing Test" });
        Assert.True(status == 201, $"register answered {status}: {registered}");
        var token = registered.GetProperty("token").GetString()!;
        Assert.Equal("none", registered.GetProperty("user").GetProperty("subscriptionStatus").GetString());

        var (checkoutStatus, checkout) = await SendAsync(
            _gateway, HttpMethod.Post, "/api/billing/create-checkout-session", new { priceId = "price_pro_monthly" }, token);
        Assert.True(checkoutStatus == 200, $"create-checkout-session answered {checkoutStatus}: {checkout}");
        var sessionId = checkout.GetProperty("sessionId").GetString()!;
        var url = checkout.GetProperty("url").GetString()!;
        Assert.StartsWith($"{system.StripeUrl}/checkout/", url);

        // The checkout page's Pay button: the emulator creates the subscription and posts its signed webhooks to the
        // gateway before it redirects, so a non-2xx from the gateway shows up here as a 500.
        using (var paid = await _stripe.PostAsync($"{url}/pay", null))
        {
            Assert.True(paid.StatusCode == HttpStatusCode.Redirect, $"paying answered {(int)paid.StatusCode}: {await paid.Content.ReadAsStringAsync()}");
        }

        var me = await WaitForStatusAsync(token, "active");
        var (_, session) = await SendAsync(_stripe, HttpMethod.Get, $"/v1/checkout/sessions/{sessionId}");
        var subscriptionId = session.GetProperty("subscription").GetString()!;
        Assert.Equal(subscriptionId, me.GetProperty("stripeSubscriptionId").GetString());
        return (token, subscriptionId);
    }

    /// <summary>Runs one of the emulator's triggers (e.g. <c>/emulator/subscriptions/{id}/cancel</c>).</summary>
    public async Task TriggerAsync(string path)
    {
        var (status, body) = await SendAsync(_stripe, HttpMethod.Post, path);
        Assert.True(status == 200, $"the emulator answered {status} to {path}: {body}");
    }

    /// <summary>Polls <c>/api/auth/me</c> until its <c>subscriptionStatus</c> is <paramref name="expected"/>.</summary>
    public Task<JsonElement> WaitForStatusAsync(string token, string expected) => Polling.UntilAsync(
        async () => (await SendAsync(_gateway, HttpMethod.Get, "/api/auth/me", token: token)).Body,
        me => me.ValueKind == JsonValueKind.Object && me.TryGetProperty("subscriptionStatus", out var s) && s.GetString() == expected,
        StatusTimeout,
        $"subscriptionStatus \"{expected}\" on /api/auth/me");

    public async Task<HttpStatusCode> PostWebhookAsync(string payload, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", SignedStripeEvents.Signature(payload, secret));
        using var response = await _gateway.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _stripe.Dispose();
    }

    private static HttpClient Client(string baseUrl) => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(15),
    };

    private static async Task<(int Status, JsonElement Body)> SendAsync(
        HttpClient http, HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)response.StatusCode, json);
    }
}
