using System.Net;
using Microsoft.Extensions.Time.Testing;
using Saas.Identity.Features.Accounts;

namespace Saas.Identity.Tests.Features.Migration;

/// <summary>
/// Accounts carried over from saasbackend (see tools/Saas.Import): their bcrypt hashes log in and are upgraded, and
/// their old HS256 access tokens work only inside the opted-in window.
/// </summary>
public sealed class ImportedAccountTests
{
    // The example secret of saasbackend's README: 28 bytes, shorter than HS256 libraries usually accept.
    private const string Secret = "your-access-secret-change-me";
    private const string OldPassword = "password123";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowEnd = Start.AddDays(30);

    [Fact]
    public async Task Login_WhenTheHashIsSaasBackendsBcrypt_ShouldAcceptTheOldPasswordAndUpgradeTheHash()
    {
        await using var app = new IdentityApp();
        var user = await ImportAsync(app);
        var client = app.CreateClient();

        var wrong = await client.SendAsync(HttpMethod.Post, "/api/auth/login", new { email = user.Email, password = "not-it" });
        await wrong.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.StartsWith("$2a$", (await app.Store.Users.GetAsync(user.Id))!.PasswordHash);

        var account = await client.LoginAsync(user.Email, OldPassword);

        Assert.Equal(user.Id, account.UserId);
        var upgraded = (await app.Store.Users.GetAsync(user.Id))!.PasswordHash;
        Assert.False(upgraded.StartsWith('$'), "the bcrypt hash should be replaced by ours at the first right password");
        await client.LoginAsync(user.Email, OldPassword);
        await (await client.SendAsync(HttpMethod.Post, "/api/auth/login", new { email = user.Email, password = "not-it" }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WhenWrongPasswordsHitABcryptAccount_ShouldStillBeThrottled()
    {
        await using var app = new IdentityApp();
        var user = await ImportAsync(app);
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.SendAsync(HttpMethod.Post, "/api/auth/login", new { email = user.Email, password = $"guess-{i}" })).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
        // Even the right password waits out the lockout: the bcrypt path does not bypass the throttle.
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await client.SendAsync(HttpMethod.Post, "/api/auth/login", new { email = user.Email, password = OldPassword })).StatusCode);
    }

    [Fact]
    public async Task Me_WhenGivenAnOldSaasBackendTokenInsideTheWindow_ShouldAnswerTheImportedUser()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = OptedIn(clock);
        var user = await ImportAsync(app);
        var client = app.CreateClient();
        var token = SaasBackendToken.Sign(Secret, user.Id, clock.GetUtcNow());

        var me = await client.GetAsync("/api/auth/me", token);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.JsonAsync();
        Assert.Equal(user.Id, body.Str("_id"));
        Assert.Equal(user.Email, body.Str("email"));
    }

    [Fact]
    public async Task Me_WhenTheWindowHasEnded_ShouldRefuseTheOldToken()
    {
        var clock = new FakeTimeProvider(WindowEnd.AddMinutes(-5));
        await using var app = OptedIn(clock);
        var user = await ImportAsync(app);
        var client = app.CreateClient();
        // Still unexpired by its own exp, but issued for a window that closes before it expires.
        var token = SaasBackendToken.Sign(Secret, user.Id, clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", token)).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(5));

        var response = await client.GetAsync("/api/auth/me", token);
        Assert.Equal("Invalid or expired token", (await response.AssertErrorAsync(HttpStatusCode.Unauthorized)).Str("error"));
    }

    [Fact]
    public async Task Me_WhenNotOptedIn_ShouldRefuseOldTokensEvenWithTheSecretConfigured()
    {
        var clock = new FakeTimeProvider(Start);
        // JWT_ACCESS_SECRET from a saasbackend .env alone does not open the window.
        await using var app = new IdentityApp().WithClock(clock).With("Jwt:LegacyAccessSecret", Secret);
        var user = await ImportAsync(app);

        var response = await app.CreateClient().GetAsync("/api/auth/me", SaasBackendToken.Sign(Secret, user.Id, clock.GetUtcNow()));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WhenTheOldTokenIsForgedExpiredOrConfused_ShouldAnswer401()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = OptedIn(clock);
        var user = await ImportAsync(app);
        var client = app.CreateClient();
        var ours = await client.LoginAsync(user.Email, OldPassword);
        var modulus = (await (await client.GetAsync("/.well-known/jwks.json")).JsonAsync()).GetProperty("keys")[0].Str("n");

        string[] refused =
        [
            SaasBackendToken.Sign("another-secret-entirely", user.Id, clock.GetUtcNow()),
            SaasBackendToken.Sign(Secret, user.Id, clock.GetUtcNow().AddMinutes(-20)),
            // The legacy secret with an RS256 header: our RS256 path checks it against RSA keys only.
            SaasBackendToken.Sign(Secret, user.Id, clock.GetUtcNow(), alg: "RS256"),
            // Our own token re-signed HS256 with our public key: it meets the legacy secret, not our key.
            TestTokens.Hs256WithPublicKey(ours.Token, modulus),
            TestTokens.AlgNone(SaasBackendToken.Sign(Secret, user.Id, clock.GetUtcNow())),
        ];
        foreach (var token in refused)
        {
            await (await client.GetAsync("/api/auth/me", token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", ours.Token)).StatusCode);
    }

    [Fact]
    public void Start_WhenTheWindowIsSetWithoutTheSecret_ShouldFailNamingTheKey()
    {
        using var app = new IdentityApp().With("Jwt:LegacyAccessTokensUntil", WindowEnd.ToString("O"));

        var error = app.StartFailure();

        Assert.Contains("Jwt:LegacyAccessSecret", error.ToString());
    }

    private static IdentityApp OptedIn(FakeTimeProvider clock) => new IdentityApp()
        .WithClock(clock)
        .With("Jwt:LegacyAccessSecret", Secret)
        .With("Jwt:LegacyAccessTokensUntil", WindowEnd.ToString("O"));

    /// <summary>A user as the importer writes one: saasbackend's ObjectId as the id and its bcrypt hash as it was.</summary>
    private static async Task<User> ImportAsync(IdentityApp app)
    {
        _ = app.Services; // starts the host, which creates the indexes
        var user = new User
        {
            Id = "65a1f0c2e4b0a1b2c3d4e5f6",
            Email = Api.NewEmail(),
            Name = "Old User",
            PasswordHash = BCrypt.Net.BCrypt.HashPassword(OldPassword, workFactor: 4),
            SubscriptionStatus = "active",
            CreatedAt = Start.AddYears(-1),
            UpdatedAt = Start.AddYears(-1),
        };
        await app.Store.Users.InsertAsync(user);
        return user;
    }
}
