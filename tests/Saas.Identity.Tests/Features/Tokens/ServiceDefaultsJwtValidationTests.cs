using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Identity.Tests.Features.Tokens;

/// <summary>
/// Another service validating identity's tokens the way every service will: AddServiceDefaults + AddJwtValidation,
/// keys fetched over HTTP from identity's JWKS (here identity's test server stands behind the HttpClient).
/// </summary>
public sealed class ServiceDefaultsJwtValidationTests
{
    [Fact]
    public async Task AnotherService_WhenGivenIdentitysToken_ShouldAcceptItAndSeeItsClaims()
    {
        await using var identity = new IdentityApp();
        await using var service = await ProtectedService.StartAsync(identity);
        var account = await identity.CreateClient().RegisterAsync();

        var response = await service.Client.GetAsync("/whoami", account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(account.UserId, (await response.JsonAsync()).Str("sub"));
    }

    [Fact]
    public async Task AnotherService_WhenTheTokenIsMissingForgedOrTampered_ShouldAnswer401InSaasBackendShape()
    {
        await using var identity = new IdentityApp();
        await using var service = await ProtectedService.StartAsync(identity);
        var account = await identity.CreateClient().RegisterAsync();

        var missing = await service.Client.GetAsync("/whoami");
        Assert.Equal("Authentication required", (await missing.AssertErrorAsync(HttpStatusCode.Unauthorized)).Str("error"));
        foreach (var bad in new[] { "garbage", TestTokens.AlgNone(account.Token), TestTokens.Tampered(account.Token) })
        {
            var response = await service.Client.GetAsync("/whoami", bad);
            Assert.Equal("Invalid or expired token", (await response.AssertErrorAsync(HttpStatusCode.Unauthorized)).Str("error"));
        }
    }

    [Fact]
    public async Task AnotherService_WhenTheRoleIsMissingOrPresent_ShouldAnswer403OrLetThrough()
    {
        await using var identity = new IdentityApp();
        await using var service = await ProtectedService.StartAsync(identity);
        var http = identity.CreateClient();
        var account = await http.RegisterAsync();

        await (await service.Client.GetAsync("/admin-only", account.Token)).AssertErrorAsync(HttpStatusCode.Forbidden);

        await http.SendAsync(HttpMethod.Put, $"/internal/users/{account.UserId}/roles", new { roles = new[] { SaasRoles.Admin } });
        var admin = await http.LoginAsync(account.Email);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/admin-only", admin.Token)).StatusCode);
    }

    [Fact]
    public async Task AnotherService_WhenGivenAnImpersonationToken_ShouldSeeTheActor()
    {
        await using var identity = new IdentityApp();
        await using var service = await ProtectedService.StartAsync(identity);
        var http = identity.CreateClient();
        var account = await http.RegisterAsync();
        var token = (await (await http.SendAsync(HttpMethod.Post, $"/internal/users/{account.UserId}/impersonation-token", new { staff = "carol" })).JsonAsync()).Str("token");

        var body = await (await service.Client.GetAsync("/whoami", token)).JsonAsync();

        Assert.Equal(account.UserId, body.Str("sub"));
        Assert.Contains("carol", body.Str("act"));
    }

    [Fact]
    public async Task AnotherService_WhenIdentityRotatesItsKey_ShouldAcceptTheNewKidOnItsFirstRequest()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var identity = new IdentityApp().WithGeneratedKeys().WithClock(clock).With("Identity:Tokens:SigningKeyLifetime", "00:30:00");
        await using var service = await ProtectedService.StartAsync(identity, clock);
        var http = identity.CreateClient();
        var account = await http.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/whoami", account.Token)).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(31));
        var rotated = await http.LoginAsync(account.Email);

        Assert.NotEqual((string?)TestTokens.Header(account.Token)["kid"], (string?)TestTokens.Header(rotated.Token)["kid"]);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/whoami", rotated.Token)).StatusCode);
    }

    [Fact]
    public async Task AnotherService_WhenTheTokenExpired_ShouldAnswer401()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var identity = new IdentityApp().WithClock(clock);
        await using var service = await ProtectedService.StartAsync(identity, clock);
        var account = await identity.CreateClient().RegisterAsync();

        clock.Advance(TimeSpan.FromMinutes(16));

        await (await service.Client.GetAsync("/whoami", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnotherService_WhenATokenItAcceptedBeforeExpires_ShouldAcceptItUpToTheClockSkewAndNotAfter()
    {
        // The second and later requests with one token are answered from the validated-token cache: expiry must
        // stay exact there too (15-minute token, 30 s clock skew).
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var identity = new IdentityApp().WithClock(clock);
        await using var service = await ProtectedService.StartAsync(identity, clock);
        var account = await identity.CreateClient().RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/whoami", account.Token)).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(29));
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/whoami", account.Token)).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await service.Client.GetAsync("/whoami", account.Token);
        Assert.Equal("Invalid or expired token", (await expired.AssertErrorAsync(HttpStatusCode.Unauthorized)).Str("error"));
    }

    // Finding 9f: the JWKS travels over plain http inside a cluster. An attacker who answers on identity's address
    // (a spoofed Service, poisoned DNS) serves its own public key and mints tokens with the matching private key.
    [Theory]
    [InlineData(null)]
    [InlineData("a-guessed-internal-key-0123456789abcdef")]
    public async Task AnotherService_WhenAnImpostorAnswersOnIdentitysAddressWithItsOwnKeys_ShouldRefuseItsTokens(string? impostorSignsWith)
    {
        await using var service = await ProtectedService.StartAsync(() => new ImpostorIdentity(impostorSignsWith), IdentityApp.InternalApiKey);

        var response = await service.Client.GetAsync("/whoami", Saas.Testing.TestTokens.For("attacker-chosen-user", role: SaasRoles.Admin));

        Assert.Equal("Invalid or expired token", (await response.AssertErrorAsync(HttpStatusCode.Unauthorized)).Str("error"));
    }

    [Fact]
    public async Task AnotherService_WhenTheJwksCarriesTheInternalKeysSignature_ShouldTrustItsKeys()
    {
        // The impostor test's counterpart: the same stand-in, signing with the shared key, is trusted, so the
        // refusal above comes from the signature and nothing else.
        await using var service = await ProtectedService.StartAsync(() => new ImpostorIdentity(IdentityApp.InternalApiKey), IdentityApp.InternalApiKey);

        var response = await service.Client.GetAsync("/whoami", Saas.Testing.TestTokens.For("user-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnotherService_WhenStartedOutsideDevelopmentWithoutTheInternalKey_ShouldRefuseToStartNamingIt()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(
            () => ProtectedService.StartAsync(() => new ImpostorIdentity(null), jwksSignatureKey: null, environment: "Production"));

        Assert.Contains(failure.Failures, f => f.StartsWith("ApiKeys:IdentityApiKey:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherService_InDevelopmentWithoutTheInternalKey_ShouldAcceptAnUnsignedJwks()
    {
        await using var service = await ProtectedService.StartAsync(() => new ImpostorIdentity(null), jwksSignatureKey: null, environment: "Development");

        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/whoami", Saas.Testing.TestTokens.For("user-1"))).StatusCode);
    }

    /// <summary>Answers every request with a JWKS holding the public half of <see cref="Saas.Testing.TestTokens"/>' key.</summary>
    private sealed class ImpostorIdentity(string? signWith) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = (RsaSecurityKey)Saas.Testing.TestTokens.PublicKey;
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                keys = new[]
                {
                    new
                    {
                        kty = "RSA", use = "sig", alg = "RS256", kid = key.KeyId,
                        n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            if (signWith is not null)
            {
                response.Headers.Add(JwksSignature.HeaderName, JwksSignature.Sign(body, signWith));
            }

            return Task.FromResult(response);
        }
    }

    private sealed class ProtectedService(WebApplication app) : IAsyncDisposable
    {
        public HttpClient Client { get; } = app.GetTestClient();

        public static Task<ProtectedService> StartAsync(IdentityApp identity, TimeProvider? clock = null) =>
            StartAsync(identity.Server.CreateHandler, IdentityApp.InternalApiKey, clock: clock);

        /// <param name="identityAddress">What answers on identity's address (identity's test server, or an impostor).</param>
        /// <param name="jwksSignatureKey">The internal key this service checks the JWKS signature with, if any.</param>
        public static async Task<ProtectedService> StartAsync(
            Func<HttpMessageHandler> identityAddress, string? jwksSignatureKey, string environment = "Testing", TimeProvider? clock = null)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
            builder.WebHost.UseTestServer();
            builder.Configuration[$"services:{ResourceNames.Identity}:http:0"] = "http://identity-under-test";
            builder.Configuration["ApiKeys:IdentityApiKey"] = jwksSignatureKey;
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            builder.AddServiceDefaults(withMessaging: false);
            builder.AddJwtValidation();
            // The JWKS request goes to identity's in-memory test server (or the impostor) instead of the network.
            builder.Services.AddHttpClient(JwtValidationExtensions.JwksHttpClientName)
                .ConfigurePrimaryHttpMessageHandler(identityAddress);

            var app = builder.Build();
            app.UseServiceDefaults();
            app.MapGet("/whoami", (ClaimsPrincipal user) => new { sub = user.GetUserId(), act = user.FindFirst(SaasClaims.Actor)?.Value })
                .RequireAuthorization();
            app.MapGet("/admin-only", () => "ok").RequireAuthorization(policy => policy.RequireRole(SaasRoles.Admin));
            await app.StartAsync();
            return new ProtectedService(app);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
