using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
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

    private sealed class ProtectedService(WebApplication app) : IAsyncDisposable
    {
        public HttpClient Client { get; } = app.GetTestClient();

        public static async Task<ProtectedService> StartAsync(IdentityApp identity, TimeProvider? clock = null)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.WebHost.UseTestServer();
            builder.Configuration[$"services:{ResourceNames.Identity}:http:0"] = "http://identity-under-test";
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            builder.AddServiceDefaults(withMessaging: false);
            builder.AddJwtValidation();
            // The JWKS request goes to identity's in-memory test server instead of the network.
            builder.Services.AddHttpClient(JwtValidationExtensions.JwksHttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => identity.Server.CreateHandler());

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
