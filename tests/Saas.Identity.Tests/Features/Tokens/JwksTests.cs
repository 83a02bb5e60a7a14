using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace Saas.Identity.Tests.Features.Tokens;

public sealed class JwksTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Jwks_WhenRequested_ShouldPublishOnlyPublicRsaSigningKeysIncludingTheOneInUse()
    {
        var account = await client.RegisterAsync();

        var response = await client.GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = (await response.JsonAsync()).GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Equal("RSA", key.Str("kty"));
            Assert.Equal("sig", key.Str("use"));
            Assert.Equal("RS256", key.Str("alg"));
            Assert.False(string.IsNullOrEmpty(key.Str("kid")));
            Assert.False(string.IsNullOrEmpty(key.Str("n")));
            Assert.Equal("AQAB", key.Str("e"));
            foreach (var secret in new[] { "d", "p", "q", "dp", "dq", "qi" })
            {
                Assert.False(key.TryGetProperty(secret, out _), $"private member {secret} published");
            }
        });
        Assert.Contains(keys, k => k.Str("kid") == (string?)TestTokens.Header(account.Token)["kid"]);
    }

    [Fact]
    public async Task SigningKey_WhenIdentityRestartsOnTheSameData_ShouldStillValidateTokensAndKeepSigningWithIt()
    {
        var first = new IdentityApp().WithGeneratedKeys();
        var account = await first.CreateClient().RegisterAsync();
        await using var second = IdentityApp.OnDataOf(first);
        await first.DisposeAsync();
        var http = second.CreateClient();

        var me = await http.GetAsync("/api/auth/me", account.Token);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var again = await http.LoginAsync(account.Email);
        Assert.Equal((string?)TestTokens.Header(account.Token)["kid"], (string?)TestTokens.Header(again.Token)["kid"]);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task SigningKey_WhenItsLifetimeEnds_ShouldRotateAndKeepThePreviousPublishedUntilItsTokensExpired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var rotating = new IdentityApp().WithGeneratedKeys().WithClock(clock)
            .With("Identity:Tokens:SigningKeyLifetime", "00:30:00");
        var http = rotating.CreateClient();
        var account = await http.RegisterAsync();
        clock.Advance(TimeSpan.FromMinutes(29));
        var late = await http.LoginAsync(account.Email);
        var oldKid = (string)TestTokens.Header(late.Token)["kid"]!;

        clock.Advance(TimeSpan.FromMinutes(2));
        var rotated = await http.LoginAsync(account.Email);
        var newKid = (string)TestTokens.Header(rotated.Token)["kid"]!;

        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me", late.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me", rotated.Token)).StatusCode);
        Assert.Equal([newKid, oldKid], await KidsAsync(http));

        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal([newKid], await KidsAsync(http));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me", (await http.LoginAsync(account.Email)).Token)).StatusCode);
    }

    private static async Task<string[]> KidsAsync(HttpClient http) =>
        [.. (await (await http.GetAsync("/.well-known/jwks.json")).JsonAsync()).GetProperty("keys").EnumerateArray().Select(k => k.Str("kid"))];
}
