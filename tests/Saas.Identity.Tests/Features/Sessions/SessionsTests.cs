using System.Net;
using System.Net.Http.Json;

namespace Saas.Identity.Tests.Features.Sessions;

public sealed class SessionsTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Sessions_WhenSignedInTwice_ShouldListBothWithDeviceAndMarkTheCurrentOne()
    {
        var account = await client.RegisterAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = account.Email, password = account.Password }),
        };
        request.Headers.UserAgent.ParseAdd("TestBrowser/1.0");
        var second = await (await client.SendAsync(request)).JsonAsync();

        var response = await client.GetAsync("/api/auth/sessions", second.Str("token"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sessions = (await response.JsonAsync()).GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        var current = Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
        Assert.Equal("TestBrowser/1.0", current.Str("device"));
        Assert.All(sessions, s =>
        {
            Assert.False(string.IsNullOrEmpty(s.Str("_id")));
            Assert.False(string.IsNullOrEmpty(s.Str("createdAt")));
            Assert.False(string.IsNullOrEmpty(s.Str("lastUsedAt")));
            Assert.True(s.TryGetProperty("ip", out _));
        });
    }

    [Fact]
    public async Task RevokeSession_WhenItIsTheUsersOther_ShouldEndItsRefreshToken()
    {
        var account = await client.RegisterAsync();
        var other = await client.LoginAsync(account.Email);
        var sessions = (await (await client.GetAsync("/api/auth/sessions", account.Token)).JsonAsync()).GetProperty("sessions");
        var otherId = sessions.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).Str("_id");

        var response = await client.SendAsync(HttpMethod.Delete, $"/api/auth/sessions/{otherId}", token: account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = other.RefreshToken })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/auth/me", other.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", account.Token)).StatusCode);
    }

    [Fact]
    public async Task RevokeSession_WhenItBelongsToSomeoneElseOrDoesNotExist_ShouldAnswer404()
    {
        var mine = await client.RegisterAsync();
        var theirs = await client.RegisterAsync();
        var theirSession = (await (await client.GetAsync("/api/auth/sessions", theirs.Token)).JsonAsync()).GetProperty("sessions")[0].Str("_id");

        await (await client.SendAsync(HttpMethod.Delete, $"/api/auth/sessions/{theirSession}", token: mine.Token)).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await client.SendAsync(HttpMethod.Delete, "/api/auth/sessions/000000000000000000000000", token: mine.Token)).AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", theirs.Token)).StatusCode);
    }

    [Fact]
    public async Task Logout_WhenSignedIn_ShouldEndOnlyThisSession()
    {
        var account = await client.RegisterAsync();
        var other = await client.LoginAsync(account.Email);

        var response = await client.SendAsync(HttpMethod.Post, "/api/auth/logout", token: account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/auth/me", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = other.RefreshToken })).StatusCode);
        Assert.Equal(1, await app.Store.Activity.CountAsync(a => a.UserId == account.UserId && a.Action == "logout"));
    }

    [Fact]
    public async Task LogoutAll_WhenSignedInOnSeveralDevices_ShouldEndEverySession()
    {
        var account = await client.RegisterAsync();
        var other = await client.LoginAsync(account.Email);

        var response = await client.SendAsync(HttpMethod.Post, "/api/auth/logout-all", token: account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.JsonAsync()).GetProperty("sessions").GetInt32());
        foreach (var refresh in new[] { account.RefreshToken, other.RefreshToken })
        {
            await (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = refresh })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }

        await (await client.GetAsync("/api/auth/me", other.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("POST", "/api/auth/logout")]
    [InlineData("POST", "/api/auth/logout-all")]
    [InlineData("GET", "/api/auth/sessions")]
    [InlineData("DELETE", "/api/auth/sessions/000000000000000000000000")]
    public async Task SessionRoutes_WhenNotSignedIn_ShouldAnswer401(string method, string url)
    {
        var response = await client.SendAsync(new HttpMethod(method), url);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }
}
