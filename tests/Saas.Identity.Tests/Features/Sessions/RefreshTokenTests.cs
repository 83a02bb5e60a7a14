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
    public async Task RefreshToken_WhenARotatedTokenIsReusedAfterTheGraceWindow_ShouldRevokeTheWholeFamily()
    {
        await using var clocked = new IdentityApp().WithClock();
        var http = clocked.CreateClient();
        var account = await http.RegisterAsync();
        var rotated = await http.RefreshAsync(account.RefreshToken);
        clocked.Clock!.Advance(TimeSpan.FromSeconds(31));

        // A stolen copy of the old token, replayed once the grace window has passed.
        var reuse = await http.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken });

        await reuse.AssertErrorAsync(HttpStatusCode.Unauthorized);
        // The legitimate holder's newer token dies with the family, and so does its access token here.
        await (await http.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = rotated.Str("refreshToken") }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await http.GetAsync("/api/auth/me", rotated.Str("token"))).AssertErrorAsync(HttpStatusCode.Unauthorized);
        // Signing in again works.
        await http.LoginAsync(account.Email);
    }

    [Fact]
    public async Task RefreshToken_WhenTwoTabsRefreshWithTheSameTokenConcurrently_ShouldBothSucceedAndKeepTheSession()
    {
        var account = await client.RegisterAsync();

        var responses = await Task.WhenAll(
            client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken }),
            client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var pairs = await Task.WhenAll(responses.Select(r => r.JsonAsync()));
        var sessionIds = pairs.Select(p => (string?)TestTokens.Payload(p.Str("token"))["sid"]).Distinct().ToList();
        Assert.Equal(TestTokens.Payload(account.Token)["sid"]?.ToString(), Assert.Single(sessionIds));
        foreach (var pair in pairs)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", pair.Str("token"))).StatusCode);
            // Each tab goes on refreshing with what it got.
            var next = await client.RefreshAsync(pair.Str("refreshToken"));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", next.Str("token"))).StatusCode);
        }

        Assert.Single(await app.Store.Sessions.FindAsync(s => s.UserId == account.UserId));
    }

    [Fact]
    public async Task RefreshToken_WhenTheSameDeviceRepeatsItWithinTheGraceWindow_ShouldAnswerAPairForTheSameSession()
    {
        await using var clocked = new IdentityApp().WithClock();
        var http = clocked.CreateClient();
        var account = await http.RegisterAsync();
        var first = await http.RefreshAsync(account.RefreshToken);
        clocked.Clock!.Advance(TimeSpan.FromSeconds(29));

        var second = await http.RefreshAsync(account.RefreshToken);

        Assert.Equal(TestTokens.Payload(first.Str("token"))["sid"]?.ToString(), TestTokens.Payload(second.Str("token"))["sid"]?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me", first.Str("token"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me", second.Str("token"))).StatusCode);
        // The grace counts from the first exchange: it does not start again with the second.
        clocked.Clock.Advance(TimeSpan.FromSeconds(2));
        await (await http.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await http.GetAsync("/api/auth/me", second.Str("token"))).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RefreshToken_WhenAnotherDeviceReusesItWithinTheGraceWindow_ShouldRevokeTheWholeFamily()
    {
        var account = await client.RegisterAsync();
        var rotated = await client.RefreshAsync(account.RefreshToken, "Browser/1.0");

        var reuse = await client.SendAsync(Api.RefreshRequest(account.RefreshToken, "Thief/6.6"));

        await reuse.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = rotated.Str("refreshToken") }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RefreshToken_WhenTheGraceIsConfiguredToZero_ShouldRevokeOnTheFirstReuse()
    {
        await using var strict = new IdentityApp().With("Identity:Tokens:RefreshReuseGrace", "00:00:00");
        var http = strict.CreateClient();
        var account = await http.RegisterAsync();
        var rotated = await http.RefreshAsync(account.RefreshToken);

        await (await http.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await http.GetAsync("/api/auth/me", rotated.Str("token"))).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RefreshToken_WhenReuseIsDetected_ShouldLeaveTheUsersOtherSessionsAlone()
    {
        var account = await client.RegisterAsync();
        var other = await client.LoginAsync(account.Email);
        await client.RefreshAsync(account.RefreshToken, "Browser/1.0");

        await (await client.SendAsync(Api.RefreshRequest(account.RefreshToken, "Thief/6.6"))).AssertErrorAsync(HttpStatusCode.Unauthorized);

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
        Assert.Equal(Saas.Identity.Features.Tokens.OneTimeTokens.Hash(account.RefreshToken), tokens[0].Id);
    }
}
