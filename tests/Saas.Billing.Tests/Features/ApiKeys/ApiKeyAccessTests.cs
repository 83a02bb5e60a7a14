using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Billing.Tests.Features.Usage;

namespace Saas.Billing.Tests.Features.ApiKeys;

/// <summary>API keys at billing: checked with identity over HTTP, held to their scopes, and bypass keys marked by staff.</summary>
public sealed class ApiKeyAccessTests
{
    private const string Track = "/api/v1/usage/track";

    [Fact]
    public async Task ApiKey_WhenItsScopesCoverTheRoute_ShouldActAsItsOwnerAndOtherwiseAnswer403CountingNothing()
    {
        await using var identity = await StandInIdentity.StartAsync();
        await using var app = new BillingApp().WithIdentity(identity);
        var user = TestEvents.NewUserId();
        var (readOnly, _) = identity.Issue(user, "usage:read");
        var (subscription, _) = identity.Issue(user, "subscription:read");
        var owner = app.ClientFor(user);
        using var readClient = KeyClient(app, readOnly, bearer: false);
        using var subscriptionClient = KeyClient(app, subscription, bearer: true);

        var refused = await readClient.PostAsJsonAsync(Track, new { feature = "api_calls" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("usage:write", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await readClient.GetAsync("/api/v1/usage/check/api_calls")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readClient.GetAsync("/api/billing/subscription")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await subscriptionClient.GetAsync("/api/v1/usage/check/api_calls")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await subscriptionClient.PostAsync("/api/billing/create-portal-session", null)).StatusCode);

        var state = await subscriptionClient.GetFromJsonAsync<JsonElement>("/api/billing/subscription");
        Assert.Equal("active", state.GetProperty("subscriptionState").GetString());
        Assert.Equal(0, await owner.UsedAsync("api_calls"));
    }

    [Fact]
    public async Task ApiKey_WhenRevokedUnknownOrMalformed_ShouldAnswer401()
    {
        await using var identity = await StandInIdentity.StartAsync();
        await using var app = new BillingApp().WithIdentity(identity);
        var (key, _) = identity.Issue(TestEvents.NewUserId(), "usage:read", "usage:write");
        using var client = KeyClient(app, key, bearer: false);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Track, new { feature = "api_calls" })).StatusCode);

        identity.Revoke(key);

        var revoked = await client.PostAsJsonAsync(Track, new { feature = "api_calls" });
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("Invalid or revoked API key", (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        using var malformed = KeyClient(app, "sk_short", bearer: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await malformed.GetAsync("/api/v1/usage/check/api_calls")).StatusCode);
    }

    [Fact]
    public async Task BypassKey_WhenStaffMarkIt_ShouldCountPastTheLimitUntilUnmarked()
    {
        await using var identity = await StandInIdentity.StartAsync();
        await using var app = new BillingApp().WithIdentity(identity); // free plan: 5 api_calls
        var user = TestEvents.NewUserId();
        var (key, keyId) = identity.Issue(user, "usage:read", "usage:write");
        var owner = app.ClientFor(user);
        using var keyClient = KeyClient(app, key, bearer: true);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync(Track, new { feature = "api_calls", quantity = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await keyClient.PostAsJsonAsync(Track, new { feature = "api_calls" })).StatusCode);

        var marked = await owner.PutAsJsonAsync($"/internal/billing/usage/bypass-keys/{keyId}", new { reason = "load test", setBy = "ops" });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        var bypassed = await keyClient.PostAsJsonAsync(Track, new { feature = "api_calls", quantity = 4 });
        Assert.Equal(HttpStatusCode.OK, bypassed.StatusCode);
        Assert.Equal(9, (await bypassed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("used").GetInt64());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await owner.PostAsJsonAsync(Track, new { feature = "api_calls" })).StatusCode);
        var listed = await owner.GetFromJsonAsync<JsonElement>("/internal/billing/usage/bypass-keys");
        Assert.Contains(listed.GetProperty("keys").EnumerateArray(), k => k.GetProperty("keyId").GetString() == keyId);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/internal/billing/usage/bypass-keys/{keyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await keyClient.PostAsJsonAsync(Track, new { feature = "api_calls" })).StatusCode);
        Assert.Equal(9, await owner.UsedAsync("api_calls"));
    }

    [Theory]
    [InlineData("past_due", "suspended")]
    [InlineData("unpaid", "suspended")]
    [InlineData("cancelled", "cancelled")]
    [InlineData("incomplete", "cancelled")]
    [InlineData("trialing", "active")]
    public async Task Subscription_WhenTheStatusChanges_ShouldShowSeed001sThreeStates(string status, string state)
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        var client = app.ClientFor(user);
        Assert.Equal("active", (await client.GetFromJsonAsync<JsonElement>("/api/billing/subscription")).GetProperty("subscriptionState").GetString());

        var put = await client.PutAsJsonAsync($"/internal/billing/subscribers/{user}/override", new { subscriptionStatus = status });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.Equal(state, (await client.GetFromJsonAsync<JsonElement>("/api/billing/subscription")).GetProperty("subscriptionState").GetString());
    }

    private static HttpClient KeyClient(BillingApp app, string key, bool bearer)
    {
        var client = app.CreateClient();
        if (bearer)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }
}
