using System.Net;
using System.Net.Http.Json;

namespace Saas.Identity.Tests.Features.Sessions;

public sealed class RefreshTokenTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task RefreshToken_WhenTokenIsCurrent_ShouldAnswerANewPair()
    {
        var account = await client.RegisterAsync();

        var response = await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.NotEqual(account.RefreshToken, body.Str("refreshToken"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", body.Str("token"))).StatusCode);
    }

    [Fact]
    public async Task RefreshToken_WhenARotatedTokenIsReused_ShouldRevokeTheWholeFamily()
    {
        var account = await client.RegisterAsync();
        var rotated = await (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken })).JsonAsync();

        var reuse = await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken });

        await reuse.AssertErrorAsync(HttpStatusCode.Unauthorized);
        // The legitimate holder's newer token dies with the family, and so does its access token here.
        await (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = rotated.Str("refreshToken") }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/auth/me", rotated.Str("token"))).AssertErrorAsync(HttpStatusCode.Unauthorized);
        // Signing in again works.
        await client.LoginAsync(account.Email);
    }

    [Fact]
    public async Task RefreshToken_WhenReuseIsDetected_ShouldLeaveTheUsersOtherSessionsAlone()
    {
        var account = await client.RegisterAsync();
        var other = await client.LoginAsync(account.Email);
        await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken });

        await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = other.RefreshToken })).StatusCode);
    }

    [Theory]
    [InlineData("{}", "refreshToken")]
    [InlineData("""{"refreshToken":12}""", "refreshToken")]
    [InlineData("""{"refreshToken":""}""", "refreshToken")]
    public async Task RefreshToken_WhenFieldIsMissingOrOfTheWrongType_ShouldAnswer400(string body, string field)
    {
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/refresh-token", body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task RefreshToken_WhenTokenIsUnknown_ShouldAnswer401()
    {
        var response = await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = "bm90LWEtcmVhbC10b2tlbg" });

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RefreshToken_WhenItIsAnAccessToken_ShouldAnswer401()
    {
        var account = await client.RegisterAsync();

        var response = await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.Token[..200] });

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RefreshToken_WhenSevenDaysHavePassed_ShouldAnswer401()
    {
        await using var clocked = new IdentityApp().WithClock();
        var http = clocked.CreateClient();
        var account = await http.RegisterAsync();
        clocked.Clock!.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        var response = await http.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken });

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RefreshToken_WhenStored_ShouldBeKeptOnlyAsAHash()
    {
        var account = await client.RegisterAsync();

        var tokens = await app.Store.RefreshTokens.FindAsync(t => t.UserId == account.UserId);

        Assert.Single(tokens);
        Assert.NotEqual(account.RefreshToken, tokens[0].Id);
        Assert.Equal(Saas.Identity.Common.OneTimeTokens.Hash(account.RefreshToken), tokens[0].Id);
    }
}
