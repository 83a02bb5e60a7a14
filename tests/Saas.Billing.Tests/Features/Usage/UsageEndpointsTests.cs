using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Billing.Tests.Features.Usage;

public sealed class UsageEndpointsTests
{
    private const string Track = "/api/v1/usage/track";

    [Fact]
    public async Task Track_When20CallsRunInParallel_ShouldCountEveryOneExactly()
    {
        await using var app = new BillingApp().With("Billing:Plans:0:Limits:api_calls", "1000");
        var client = app.ClientFor(TestEvents.NewUserId());

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.PostAsJsonAsync(Track, new { feature = "api_calls", quantity = 1 })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/usage/check/api_calls");
        Assert.Equal(20, usage.GetProperty("used").GetInt64());
        Assert.Equal(1000, usage.GetProperty("limit").GetInt64());
        Assert.Equal(980, usage.GetProperty("remaining").GetInt64());
    }

    [Fact]
    public async Task Track_WhenParallelCallsReachTheLimit_ShouldStopExactlyThereAndRefuseWith429CountingNothing()
    {
        await using var app = new BillingApp(); // free plan: 5 api_calls
        var client = app.ClientFor(TestEvents.NewUserId());

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            client.PostAsJsonAsync(Track, new { feature = "api_calls" })));
        var tooMany = await client.PostAsJsonAsync(Track, new { feature = "api_calls", quantity = 1 });

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        var refusal = await tooMany.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("limit", refusal.GetProperty("error").GetString());
        Assert.Equal(0, refusal.GetProperty("remaining").GetInt64());
        Assert.NotNull(tooMany.Headers.RetryAfter);
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/usage/check/api_calls");
        Assert.Equal(5, usage.GetProperty("used").GetInt64());
        Assert.Equal(0, usage.GetProperty("remaining").GetInt64());
    }

    [Fact]
    public async Task Track_WhenAnInvoiceIsPaid_ShouldStartTheCountersAfreshOncePerInvoice()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        var client = app.ClientFor(user);
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_u", "sub_u", "active", TestEvents.T0, "created"));
        await client.PostAsJsonAsync(Track, new { feature = "api_calls", quantity = 15 });

        await app.DeliverAsync(TestEvents.InvoicePaid("cus_u", "sub_u", "in_u1", TestEvents.T0.AddMonths(1)));
        var afterReset = await client.GetFromJsonAsync<JsonElement>("/api/v1/usage/check/api_calls");
        await client.PostAsJsonAsync(Track, new { feature = "api_calls", quantity = 2 });
        // Stripe's second event for the same payment must not wipe what was counted since.
        await app.DeliverAsync(TestEvents.InvoicePaid("cus_u", "sub_u", "in_u1", TestEvents.T0.AddMonths(1), "invoice.payment_succeeded"));

        Assert.Equal(0, afterReset.GetProperty("used").GetInt64());
        Assert.Equal(20, afterReset.GetProperty("limit").GetInt64()); // pro
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/api/v1/usage/check/api_calls")).GetProperty("used").GetInt64());
    }

    [Fact]
    public async Task CheckAndTrack_WhenTheFeatureIsUnknownOrUnlimitedOrTheQuantityIsBad_ShouldAnswerAccordingly()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        var client = app.ClientFor(user);
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_x", "sub_x", "active", TestEvents.T0, "created"));

        var unknown = await client.GetAsync("/api/v1/usage/check/teleports");
        var badQuantity = await client.PostAsJsonAsync(Track, new { feature = "api_calls", quantity = 0 });
        var unlimited = await client.PostAsJsonAsync(Track, new { feature = "projects", quantity = 500 });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("feature", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badQuantity.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlimited.StatusCode);
        var body = await unlimited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(500, body.GetProperty("used").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("limit").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("remaining").ValueKind);
    }

    [Theory]
    [InlineData("POST", Track)]
    [InlineData("GET", "/api/v1/usage/check/api_calls")]
    [InlineData("GET", "/api/billing/subscription")]
    [InlineData("POST", "/api/billing/reconcile-subscription")]
    [InlineData("POST", "/api/billing/create-portal-session")]
    public async Task UserRoutes_WhenTheTokenIsMissingOrExpired_ShouldAnswer401WithAnError(string method, string route)
    {
        await using var app = new BillingApp();
        var client = app.CreateClient();

        var missing = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route));
        var expired = new HttpRequestMessage(new HttpMethod(method), route);
        expired.Headers.Authorization = new("Bearer", TestTokens.For("u1", expires: DateTime.UtcNow.AddMinutes(-10)));
        var expiredResponse = await client.SendAsync(expired);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expiredResponse.StatusCode);
        Assert.False(string.IsNullOrEmpty((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }
}
