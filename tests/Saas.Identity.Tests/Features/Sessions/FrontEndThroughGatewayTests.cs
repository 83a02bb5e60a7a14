using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Identity.Tests.Features.Sessions;

/// <summary>
/// A single-page app as seed 000's client code is written: it keeps one token pair in shared storage, calls
/// <c>me</c> on every navigation and, on 401, refreshes with the stored refresh token. Two tabs do this at once, so
/// when the access token expires both refresh with the same token. Through the gateway with its shipped limits.
/// </summary>
public sealed class FrontEndThroughGatewayTests
{
    private static readonly TimeSpan NavigationEvery = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task FrontEnd_WhenTwoTabsNavigateAndRefreshForAnHour_ShouldStaySignedInAndWrongPasswordsStayLimited()
    {
        await using var identity = new IdentityApp().WithClock();
        await using var gateway = new GatewayInFront(identity);
        var browser = gateway.CreateClient();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (SPA test)");
        var account = await browser.RegisterAsync();
        var storage = new Storage(new Pair(account.Token, account.RefreshToken));
        var refreshes = 0;
        var bothTabsRefreshed = 0;

        var end = identity.Clock!.GetUtcNow() + TimeSpan.FromHours(1);
        while (identity.Clock.GetUtcNow() < end)
        {
            identity.Clock.Advance(NavigationEvery);
            var tabs = await Task.WhenAll(NavigateAsync(browser, storage), NavigateAsync(browser, storage));
            Assert.All(tabs, me => Assert.Equal(account.UserId, me.user.GetProperty("_id").GetString()));
            refreshes += tabs.Count(t => t.refreshed);
            bothTabsRefreshed += tabs.All(t => t.refreshed) ? 1 : 0;
        }

        // Access tokens live 15 minutes (plus the validator's clock skew): several rounds, where both tabs refreshed
        // at once with the same stored token, and neither was signed out.
        Assert.True(refreshes >= 4, $"only {refreshes} refreshes in an hour");
        Assert.True(bothTabsRefreshed >= 1, "the two tabs never refreshed with the same token at once");
        Assert.Single(await identity.Store.Sessions.FindAsync(s => s.UserId == account.UserId));

        // Meanwhile the credential limit still holds: 25 wrong passwords in a minute are refused above 20 calls.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            statuses.Add((await browser.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = "wrong-password" })).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.OK, statuses);
        Assert.All(statuses.Skip(20), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    // One navigation of one tab: me with the stored token; on 401 a refresh with the stored refresh token, then me again.
    private static async Task<(JsonElement user, bool refreshed)> NavigateAsync(HttpClient browser, Storage storage)
    {
        var pair = storage.Pair;
        var me = await MeAsync(browser, pair.Token);
        if (me.StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            return (await me.Content.ReadFromJsonAsync<JsonElement>(), false);
        }

        var refresh = await browser.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = pair.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var body = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        storage.Pair = new Pair(body.Str("token"), body.Str("refreshToken"));
        me = await MeAsync(browser, storage.Pair.Token);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        return (await me.Content.ReadFromJsonAsync<JsonElement>(), true);
    }

    private static Task<HttpResponseMessage> MeAsync(HttpClient browser, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return browser.SendAsync(request);
    }

    private sealed record Pair(string Token, string RefreshToken);

    // The browser's localStorage, shared by the tabs: the last write wins.
    private sealed class Storage(Pair pair)
    {
        private volatile Pair pair = pair;

        public Pair Pair
        {
            get => pair;
            set => pair = value;
        }
    }
}
