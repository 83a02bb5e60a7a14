using System.Net;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Identity.Tests.Features.Accounts;

public sealed class MeTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Me_WhenTokenIsValid_ShouldAnswerTheUserObjectUnwrapped()
    {
        var account = await client.RegisterAsync(name: "Ann");

        var response = await client.GetAsync("/api/auth/me", account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await response.JsonAsync();
        Assert.Equal(account.UserId, user.Str("_id"));
        Assert.Equal(account.Email, user.Str("email"));
        Assert.Equal("Ann", user.Str("name"));
        foreach (var field in new[] { "subscriptionStatus", "stripeCustomerId", "stripeSubscriptionId", "settings", "emailVerified", "createdAt", "updatedAt" })
        {
            Assert.True(user.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Me_WhenNoTokenIsSent_ShouldAnswer401WithSaasBackendError()
    {
        var response = await client.GetAsync("/api/auth/me");

        var body = await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Authentication required", body.Str("error"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.")]
    [InlineData("a.b.c")]
    public async Task Me_WhenTokenIsMalformed_ShouldAnswer401(string token)
    {
        var response = await client.GetAsync("/api/auth/me", token);

        var body = await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Invalid or expired token", body.Str("error"));
    }

    [Fact]
    public async Task Me_WhenPayloadWasTampered_ShouldAnswer401()
    {
        var account = await client.RegisterAsync();

        var response = await client.GetAsync("/api/auth/me", TestTokens.Tampered(account.Token));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WhenAlgIsNone_ShouldAnswer401()
    {
        var account = await client.RegisterAsync();

        var response = await client.GetAsync("/api/auth/me", TestTokens.AlgNone(account.Token));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WhenTokenIsHs256SignedWithThePublicKey_ShouldAnswer401()
    {
        var account = await client.RegisterAsync();
        var jwks = await (await client.GetAsync("/.well-known/jwks.json")).JsonAsync();
        var modulus = jwks.GetProperty("keys")[0].Str("n");

        var response = await client.GetAsync("/api/auth/me", TestTokens.Hs256WithPublicKey(account.Token, modulus));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WhenTokenHasExpired_ShouldAnswer401()
    {
        var account = await client.RegisterAsync();
        var claims = new Dictionary<string, object> { [SaasClaims.Subject] = account.UserId };
        var expired = await TestTokens.MintAsync(app.Services, claims, DateTime.UtcNow.AddMinutes(-20), DateTime.UtcNow.AddMinutes(-5));

        var response = await client.GetAsync("/api/auth/me", expired);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("someone-else", "saas", "at+jwt")]
    [InlineData("saas-identity", "another-audience", "at+jwt")]
    [InlineData("saas-identity", "saas", "JWT")]
    public async Task Me_WhenIssuerAudienceOrTypeIsWrong_ShouldAnswer401(string issuer, string audience, string type)
    {
        var account = await client.RegisterAsync();
        var claims = new Dictionary<string, object> { [SaasClaims.Subject] = account.UserId };
        var token = await TestTokens.MintAsync(app.Services, claims, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5), issuer, audience, type);

        var response = await client.GetAsync("/api/auth/me", token);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WhenAProperlyMintedTokenIsUsed_ShouldAnswer200()
    {
        // The control for the negative cases above: the minting helper itself produces valid tokens.
        var account = await client.RegisterAsync();
        var claims = new Dictionary<string, object> { [SaasClaims.Subject] = account.UserId };
        var token = await TestTokens.MintAsync(app.Services, claims, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", token)).StatusCode);
    }

    [Fact]
    public async Task Me_WhenTheClockPassesTheTokensLifetime_ShouldAnswer401()
    {
        await using var clocked = new IdentityApp().WithClock();
        var http = clocked.CreateClient();
        var account = await http.RegisterAsync();
        clocked.Clock!.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me", account.Token)).StatusCode);

        clocked.Clock.Advance(TimeSpan.FromMinutes(2)); // 16 minutes: past 15 + 30 s of skew

        await (await http.GetAsync("/api/auth/me", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WhenTokenHasAFifteenMinuteLifetimeAndAKid_ShouldSaySoInItsClaims()
    {
        var account = await client.RegisterAsync();

        var header = TestTokens.Header(account.Token);
        var payload = TestTokens.Payload(account.Token);

        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal("at+jwt", (string?)header["typ"]);
        Assert.False(string.IsNullOrEmpty((string?)header["kid"]));
        Assert.Equal(15 * 60, (long)payload["exp"]! - (long)payload["iat"]!);
        Assert.Equal(account.UserId, (string?)payload["sub"]);
        Assert.Equal("saas-identity", (string?)payload["iss"]);
        Assert.Equal("saas", (string?)payload["aud"]);
        Assert.NotNull(payload["sid"]);
    }
}
