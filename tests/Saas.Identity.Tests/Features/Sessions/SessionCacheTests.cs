using System.Net;

namespace Saas.Identity.Tests.Features.Sessions;

/// <summary>
/// Identity answers <c>/me</c> from a cached session and user (issue 17): every test first calls <c>/me</c> so both are
/// cached, then changes them through another request and expects the very next <c>/me</c> to show it. Over real HTTP
/// (identity on Kestrel), as a client sees it.
/// </summary>
public sealed class SessionCacheTests(SessionCacheTests.IdentityOnKestrel server) : IClassFixture<SessionCacheTests.IdentityOnKestrel>
{
    private readonly HttpClient client = server.App.CreateClient();

    [Fact]
    public async Task Me_WhenLoggedOutRightAfterACachedCall_ShouldAnswer401AtOnce()
    {
        var account = await SignedInAndCachedAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/auth/logout", token: account.Token)).StatusCode);

        await (await client.GetAsync("/api/auth/me", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WhenSessionRevokedFromAnotherDevice_ShouldAnswer401AtOnce()
    {
        var account = await SignedInAndCachedAsync();
        var other = await client.LoginAsync(account.Email);

        var revoked = await client.SendAsync(HttpMethod.Delete, $"/api/auth/sessions/{SessionOf(account.Token)}", token: other.Token);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await (await client.GetAsync("/api/auth/me", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", other.Token)).StatusCode);
    }

    [Fact]
    public async Task Me_WhenLoggedOutEverywhereFromAnotherDevice_ShouldAnswer401AtOnce()
    {
        var account = await SignedInAndCachedAsync();
        var other = await client.LoginAsync(account.Email);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/auth/logout-all", token: other.Token)).StatusCode);

        await (await client.GetAsync("/api/auth/me", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WhenPasswordChangedOnAnotherDevice_ShouldAnswer401ForTheOtherSessionAtOnce()
    {
        var account = await SignedInAndCachedAsync();
        var other = await client.LoginAsync(account.Email);

        var changed = await client.SendAsync(HttpMethod.Put, "/api/user/password",
            new { currentPassword = account.Password, newPassword = "another-password-1" }, other.Token);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await (await client.GetAsync("/api/auth/me", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", other.Token)).StatusCode);
    }

    [Fact]
    public async Task Me_WhenAccountDeleted_ShouldAnswer401AtOnce()
    {
        var account = await SignedInAndCachedAsync();

        var deleted = await client.SendAsync(HttpMethod.Delete, "/api/user/account", new { password = account.Password }, account.Token);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await (await client.GetAsync("/api/auth/me", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WhenProfileAndRolesChanged_ShouldShowTheNewValuesAtOnce()
    {
        var account = await SignedInAndCachedAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { name = "Renamed" }, account.Token)).StatusCode);
        var renamed = await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync();
        Assert.Equal("Renamed", renamed.Str("name"));

        // Staff roles are set by admin through identity's internal route (the client sends the internal key).
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, $"/internal/users/{account.UserId}/roles", new { roles = new[] { "support" } })).StatusCode);
        var withRole = await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync();
        Assert.Equal(["support"], withRole.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    private async Task<Account> SignedInAndCachedAsync()
    {
        var account = await client.RegisterAsync();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", account.Token)).StatusCode);
        }

        return account;
    }

    private static string SessionOf(string token) => (string)TestTokens.Payload(token)["sid"]!;

    /// <summary>Identity on a real Kestrel port: requests cross a socket as a client's do.</summary>
    public sealed class IdentityOnKestrel : IDisposable
    {
        public IdentityOnKestrel()
        {
            App.UseKestrel(0);
            App.StartServer();
        }

        public IdentityApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }
}
