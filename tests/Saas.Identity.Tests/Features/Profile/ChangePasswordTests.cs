using System.Net;
using System.Net.Http.Json;

namespace Saas.Identity.Tests.Features.Profile;

public sealed class ChangePasswordTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task ChangePassword_WhenCurrentPasswordIsRight_ShouldKeepTheCallerSignedInAndEndTheOtherSessions()
    {
        var account = await client.RegisterAsync();
        var other = await client.LoginAsync(account.Email);
        var third = await client.LoginAsync(account.Email);

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/password",
            new { currentPassword = account.Password, newPassword = "a-new-password" }, account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Password changed successfully", body.Str("message"));
        // The caller's session goes on with the returned pair: the access token works, and so does the refresh token.
        Assert.Equal(TestTokens.Payload(account.Token)["sid"]?.ToString(), TestTokens.Payload(body.Str("token"))["sid"]?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", body.Str("token"))).StatusCode);
        var refreshed = await client.RefreshAsync(body.Str("refreshToken"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", refreshed.Str("token"))).StatusCode);
        // The caller's earlier refresh token is replaced.
        await (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        // Every other session ends: its refresh token is refused, its access token too.
        foreach (var session in new[] { other, third })
        {
            await (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = session.RefreshToken })).AssertErrorAsync(HttpStatusCode.Unauthorized);
            await (await client.GetAsync("/api/auth/me", session.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Single(await app.Store.Sessions.FindAsync(s => s.UserId == account.UserId));
        await (await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await client.LoginAsync(account.Email, "a-new-password");
        Assert.Equal(1, await app.Store.Activity.CountAsync(a => a.UserId == account.UserId && a.Action == "password_changed"));
    }

    [Fact]
    public async Task ChangePassword_WhenCurrentPasswordIsWrong_ShouldAnswer400AndChangeNothing()
    {
        var account = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/password",
            new { currentPassword = "wrong-password", newPassword = "a-new-password" }, account.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "currentPassword");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", account.Token)).StatusCode);
        await client.LoginAsync(account.Email);
    }

    [Theory]
    [InlineData("""{"newPassword":"a-new-password"}""", "currentPassword")]
    [InlineData("""{"currentPassword":"password123"}""", "newPassword")]
    [InlineData("""{"currentPassword":"password123","newPassword":"short"}""", "newPassword")]
    [InlineData("""{"currentPassword":"password123","newPassword":12345678}""", "newPassword")]
    public async Task ChangePassword_WhenAFieldIsMissingWeakOrOfTheWrongType_ShouldAnswer400NamingIt(string body, string field)
    {
        var account = await client.RegisterAsync();

        var response = await client.SendRawAsync(HttpMethod.Put, "/api/user/password", body, account.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
        await client.LoginAsync(account.Email);
    }

    [Fact]
    public async Task ChangePassword_WhenNotSignedIn_ShouldAnswer401()
    {
        var response = await client.SendAsync(HttpMethod.Put, "/api/user/password", new { currentPassword = "a", newPassword = "b" });

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }
}
