using System.Text.Json;
using static Saas.SystemTests.MeteringGateway;

namespace Saas.SystemTests;

/// <summary>
/// Seed 001's metering through the gateway of a real AppHost: daily, monthly and total counters; staff set and reset
/// (audited); keys that bypass limits; scoped API keys (create, use, scope, revoke); the three-state subscription status
/// on billing's and identity's routes; and exact limits under concurrent tracking.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class MeteringFlowTests(SharedSystem system) : IDisposable
{
    private static readonly TimeSpan EventualTimeout = TimeSpan.FromSeconds(60);
    private static readonly Operator Staff = new();
    private readonly MeteringGateway _metering = new(system.GatewayUrl);

    [Fact]
    public async Task Usage_WhenTrackedPastTheDailyThenTheMonthlyLimit_ShouldRefuseEachAndStaffResetAndSetShouldBeAudited()
    {
        var user = await _metering.RegisterAsync("Daily");
        for (var i = 1; i <= DailyLimit; i++)
        {
            var tracked = await TrackAsync(user.Token, "requests");
            Assert.True(tracked.Status == 200, $"track {i}: {tracked}");
        }

        var refused = await TrackAsync(user.Token, "requests");
        Assert.True(refused.Status == 429, $"past the daily limit: {refused}");
        Assert.Equal("daily", refused.Body.GetProperty("limitType").GetString());
        Assert.NotNull(refused.RetryAfter);

        var usage = await CheckAsync(user.Token, "requests");
        Assert.Equal((DailyLimit, DailyLimit, DailyLimit, MonthlyLimit, DailyLimit), Counters(usage));

        // Staff reset: today and this month start afresh, the running total stays.
        var reset = await _metering.SendAsync(HttpMethod.Delete, $"/api/admin/users/{user.Id}/usage/requests", Staff);
        Assert.True(reset.Status == 200, $"staff reset: {reset}");
        Assert.Equal((0, DailyLimit, 0, MonthlyLimit, DailyLimit), Counters((await CheckAsync(user.Token, "requests")).Body));
        Assert.Equal(200, (await TrackAsync(user.Token, "requests")).Status);

        // Staff set: this month at its limit, so the next track is refused by the monthly limit though today has room.
        var set = await _metering.SendAsync(HttpMethod.Put, $"/api/admin/users/{user.Id}/usage/requests", Staff, new { monthly = MonthlyLimit });
        Assert.True(set.Status == 200, $"staff set: {set}");
        var monthly = await TrackAsync(user.Token, "requests");
        Assert.True(monthly.Status == 429, $"past the monthly limit: {monthly}");
        Assert.Equal("monthly", monthly.Body.GetProperty("limitType").GetString());
        Assert.Equal(1, monthly.Body.GetProperty("daily").GetProperty("used").GetInt64());

        var final = (await CheckAsync(user.Token, "requests")).Body;
        Assert.Equal(DailyLimit + 1, final.GetProperty("total").GetInt64());

        var audit = await _metering.SendAsync(HttpMethod.Get, $"/api/admin/audit-log?targetId={user.Id}", Staff);
        var actions = audit.Body.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("user.usage.reset", actions);
        Assert.Contains("user.usage.set", actions);
    }

    [Fact]
    public async Task ApiKey_WhenCreatedUsedOutsideItsScopeAndRevoked_ShouldWorkOnlyWhereScopedAndStopOnRevocation()
    {
        var user = await _metering.RegisterAsync("Keys");
        var (usageKey, usageKeyId) = await _metering.CreateKeyAsync(user, "usage only"); // default scopes: usage:read, usage:write
        Assert.StartsWith("sk_", usageKey);

        var list = await _metering.SendAsync(HttpMethod.Get, "/api/v1/api-keys", user.Token);
        Assert.Equal(200, list.Status);
        Assert.DoesNotContain(usageKey, list.Text);
        var listed = Assert.Single(list.Body.GetProperty("keys").EnumerateArray());
        Assert.Equal(usageKeyId, listed.GetProperty("id").GetString());
        Assert.StartsWith(listed.GetProperty("prefix").GetString()!, usageKey, StringComparison.Ordinal);

        // Usable instead of a JWT, in either header, on the routes its scopes open.
        Assert.Equal(200, (await TrackAsync(new ApiKeyHeader(usageKey), "requests")).Status);
        Assert.Equal(200, (await TrackAsync(new ApiKeyBearer(usageKey), "requests")).Status);
        Assert.Equal(2, (await CheckAsync(user.Token, "requests")).Body.GetProperty("used").GetInt64());

        // Refused with 403 outside them: identity's and billing's user routes, and key management itself.
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/auth/me"), (HttpMethod.Get, "/api/billing/subscription"), (HttpMethod.Get, "/api/v1/api-keys"), (HttpMethod.Get, "/api/auth/sessions") })
        {
            var outside = await _metering.SendAsync(method, path, new ApiKeyHeader(usageKey));
            Assert.True(outside.Status == 403, $"{path} with a usage key: {outside}");
        }

        var (readKey, readKeyId) = await _metering.CreateKeyAsync(user, "profile", "profile:read", "subscription:read");
        var me = await _metering.SendAsync(HttpMethod.Get, "/api/auth/me", new ApiKeyHeader(readKey));
        Assert.True(me.Status == 200, $"/me with a profile:read key: {me}");
        Assert.Equal(user.Email, me.Body.GetProperty("email").GetString());
        Assert.Equal(200, (await _metering.SendAsync(HttpMethod.Get, "/api/billing/subscription", new ApiKeyBearer(readKey))).Status);
        Assert.Equal(403, (await TrackAsync(new ApiKeyHeader(readKey), "requests")).Status);

        // Revoked: identity refuses it at once; billing within its cache bound (5 s), polled here.
        Assert.Equal(200, (await _metering.SendAsync(HttpMethod.Delete, $"/api/v1/api-keys/{readKeyId}", user.Token)).Status);
        Assert.Equal(401, (await _metering.SendAsync(HttpMethod.Get, "/api/auth/me", new ApiKeyHeader(readKey))).Status);
        await Polling.UntilAsync(() => _metering.SendAsync(HttpMethod.Get, "/api/billing/subscription", new ApiKeyHeader(readKey)),
            r => r.Status == 401, TimeSpan.FromSeconds(30), "billing refusing the revoked key");

        Assert.Equal(401, (await TrackAsync(new ApiKeyHeader("sk_" + new string('x', 43)), "requests")).Status);
        Assert.Equal(200, (await TrackAsync(new ApiKeyHeader(usageKey), "requests")).Status); // the other key still works
    }

    [Fact]
    public async Task BypassKey_WhenStaffMarkIt_ShouldCountPastTheLimitWhileTheUsersTokenIsStillRefused()
    {
        var user = await _metering.RegisterAsync("Bypass");
        var (key, keyId) = await _metering.CreateKeyAsync(user, "batch job");
        for (var i = 0; i < DailyLimit; i++)
        {
            Assert.Equal(200, (await TrackAsync(user.Token, "requests")).Status);
        }

        Assert.Equal(429, (await TrackAsync(new ApiKeyHeader(key), "requests")).Status);

        var marked = await _metering.SendAsync(HttpMethod.Put, $"/api/admin/users/{user.Id}/api-keys/{keyId}/bypass-limits", Staff,
            new { bypassLimits = true, reason = "nightly import" });
        Assert.True(marked.Status == 200, $"marking the key: {marked}");

        var bypassed = await TrackAsync(new ApiKeyHeader(key), "requests", quantity: 3);
        Assert.True(bypassed.Status == 200, $"tracking with the bypass key: {bypassed}");
        Assert.Equal(DailyLimit + 3, bypassed.Body.GetProperty("daily").GetProperty("used").GetInt64());
        Assert.Equal(429, (await TrackAsync(user.Token, "requests")).Status);

        var audit = await _metering.SendAsync(HttpMethod.Get, $"/api/admin/audit-log?targetId={keyId}", Staff);
        Assert.Contains(audit.Body.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "api_key.bypass_limits.set");

        Assert.Equal(200, (await _metering.SendAsync(HttpMethod.Put, $"/api/admin/users/{user.Id}/api-keys/{keyId}/bypass-limits", Staff,
            new { bypassLimits = false })).Status);
        Assert.Equal(429, (await TrackAsync(new ApiKeyHeader(key), "requests")).Status);
    }

    [Fact]
    public async Task SubscriptionState_WhenStaffSuspendAndCancel_ShouldShowOnBillingAndOnMe()
    {
        var user = await _metering.RegisterAsync("State");
        Assert.Equal("active", await StateOnBillingAsync(user));
        Assert.Equal("active", await StateOnMeAsync(user));

        foreach (var (status, state) in new[] { ("past_due", "suspended"), ("cancelled", "cancelled"), ("trialing", "active") })
        {
            var overridden = await _metering.SendAsync(HttpMethod.Put, $"/api/admin/users/{user.Id}/subscription", Staff, new { subscriptionStatus = status });
            Assert.True(overridden.Status == 200, $"override {status}: {overridden}");
            Assert.Equal(state, await StateOnBillingAsync(user));
            // Identity learns it from billing's SubscriptionChanged event, not by asking billing on each /me.
            await Polling.UntilAsync(() => StateOnMeAsync(user), s => s == state, EventualTimeout, $"/me showing {state}");
        }
    }

    [Fact]
    public async Task Track_WhenManyCallsRaceForTheDailyLimit_ShouldAcceptExactlyTheLimit()
    {
        const int Parallel = 30;
        var user = await _metering.RegisterAsync("Race");
        var (key, _) = await _metering.CreateKeyAsync(user, "racer");
        var results = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i =>
            TrackAsync(i % 2 == 0 ? user.Token : new ApiKeyHeader(key), "exports")));

        Assert.Equal(ExportsDailyLimit, results.Count(r => r.Status == 200));
        Assert.Equal(Parallel - ExportsDailyLimit, results.Count(r => r.Status == 429));
        var usage = (await CheckAsync(user.Token, "exports")).Body;
        Assert.Equal(ExportsDailyLimit, usage.GetProperty("daily").GetProperty("used").GetInt64());
        Assert.Equal(ExportsDailyLimit, usage.GetProperty("used").GetInt64());
        Assert.Equal(ExportsDailyLimit, usage.GetProperty("total").GetInt64());
    }

    private Task<Response> TrackAsync(Credential credential, string feature, int quantity = 1) =>
        _metering.SendAsync(HttpMethod.Post, "/api/v1/usage/track", credential, new { feature, quantity });

    private async Task<Response> CheckAsync(Credential credential, string feature)
    {
        var response = await _metering.SendAsync(HttpMethod.Get, $"/api/v1/usage/check/{feature}", credential);
        Assert.True(response.Status == 200, $"check {feature}: {response}");
        return response;
    }

    /// <summary>(today's used, total, this month's used, monthly limit, daily limit).</summary>
    private static (long, long, long, long, long) Counters(JsonElement usage) => (
        usage.GetProperty("daily").GetProperty("used").GetInt64(), usage.GetProperty("total").GetInt64(),
        usage.GetProperty("used").GetInt64(), usage.GetProperty("limit").GetInt64(), usage.GetProperty("daily").GetProperty("limit").GetInt64());

    private static (long, long, long, long, long) Counters(Response response) => Counters(response.Body);

    private async Task<string?> StateOnBillingAsync(Account user) =>
        (await _metering.SendAsync(HttpMethod.Get, "/api/billing/subscription", user.Token)).Body.GetProperty("subscriptionState").GetString();

    private async Task<string?> StateOnMeAsync(Account user) =>
        (await _metering.SendAsync(HttpMethod.Get, "/api/auth/me", user.Token)).Body.GetProperty("subscriptionState").GetString();

    public void Dispose() => _metering.Dispose();
}
