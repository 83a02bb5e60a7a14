using System.Net;
using Microsoft.Extensions.Options;

namespace Saas.Identity.Tests;

public sealed class StartupTests
{
    [Theory]
    [InlineData("Identity:PublicUrl", "not a url", "Identity:PublicUrl")]
    [InlineData("Identity:TrustedProxies:0", "gateway", "Identity:TrustedProxies")]
    [InlineData("Identity:Tokens:AccessTokenLifetime", "00:00:05", "Identity:Tokens:AccessTokenLifetime")]
    [InlineData("Identity:LoginThrottling:MaxFailuresPerAccount", "0", "Identity:LoginThrottling:MaxFailuresPerAccount")]
    [InlineData("Mail:Smtp:From", "nobody", "Mail:Smtp:From")]
    [InlineData("Jwt:ClockSkew", "01:00:00", "Jwt:ClockSkew")]
    public void Start_WhenASettingIsInvalid_ShouldFailNamingTheKey(string key, string value, string reported)
    {
        using var app = new IdentityApp().With(key, value);

        var failure = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.Contains(failure.Failures, f => f.StartsWith(reported, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WhenOnlySaasBackendsPublicUrlIsSet_ShouldBuildMailLinksFromIt()
    {
        await using var app = new IdentityApp().With("Billing:PublicUrl", "https://front.example");
        var client = app.CreateClient();
        var account = await client.RegisterAsync();

        var mail = await app.WaitForMailAsync(account.Email, "Confirm");

        Assert.Contains("https://front.example/verify-email?token=", mail!.Text);
    }

    [Fact]
    public async Task Health_WhenStarted_ShouldBeHealthyAndDescribeEveryRouteInOpenApi()
    {
        await using var app = new IdentityApp();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        foreach (var route in new[]
        {
            "/api/auth/register", "/api/auth/login", "/api/auth/me", "/api/auth/refresh-token", "/api/auth/logout",
            "/api/auth/logout-all", "/api/auth/sessions", "/api/auth/sessions/{id}", "/api/auth/verify-email",
            "/api/user/profile", "/api/user/password", "/api/user/password-reset-request", "/api/user/password-reset-confirm",
            "/api/user/account", "/api/user/settings", "/api/notifications", "/api/notifications/{id}/read", "/api/activity-log",
            "/.well-known/jwks.json",
            "/api/v1/organizations", "/api/v1/organizations/{slug}", "/api/v1/organizations/{orgId}",
            "/api/v1/organizations/{orgId}/members", "/api/v1/organizations/{orgId}/members/{userId}",
            "/api/v1/organizations/{orgId}/leave", "/api/v1/organizations/{orgId}/transfer-ownership",
            "/api/v1/organizations/{orgId}/invites", "/api/v1/organizations/{orgId}/invites/{inviteId}", "/api/v1/invites/accept", "/api/v1/invites/{token}/accept",
        })
        {
            Assert.Contains($"\"{route}\"", openApi);
        }

        // The staff API and the dev mailbox are for admin only: not in the document the gateway publishes.
        Assert.DoesNotContain("/internal/", openApi);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("too-short")]
    public void Start_WhenNoInternalApiKeyOutsideDevelopment_ShouldRefuseNamingTheKey(string? key)
    {
        using var app = new IdentityApp().With("Identity:InternalApiKey", key);

        var failure = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.StartsWith("Identity:InternalApiKey:", Assert.Single(failure.Failures));
    }
}
