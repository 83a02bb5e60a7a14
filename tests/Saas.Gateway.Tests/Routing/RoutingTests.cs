using System.Net;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.Routing;

[Collection(GatewayCollection.Name)]
public sealed class RoutingTests(Backends backends) : IDisposable
{
    private readonly GatewayFactory _gateway = new(backends);

    public static TheoryData<string, string> PublicPaths => new()
    {
        { "/api/auth/login", "identity" },
        { "/api/auth/me", "identity" },
        { "/api/user/profile", "identity" },
        { "/api/user/settings", "identity" },
        { "/api/notifications", "identity" },
        { "/api/notifications/n1/read", "identity" },
        { "/api/activity-log", "identity" },
        { "/api/activity-log/recent", "identity" },
        { "/.well-known/jwks.json", "identity" },
        { "/api/v1/organizations", "identity" },
        { "/api/v1/organizations/org_1/members", "identity" },
        { "/api/v1/invites/tok_1/accept", "identity" },
        { "/api/billing/create-checkout-session", "billing" },
        { "/api/v1/usage/track", "billing" },
        { "/api/v1/organizations/org_1/subscription", "billing" },
        { "/api/v1/organizations/org_1/subscription/portal", "billing" },
        { "/api/v1/organizations/org_1/subscription/reconcile", "billing" },
        { "/api/v1/organizations/org_1/usage/track", "billing" },
        { "/api/v1/organizations/org_1/usage/check/api_calls", "billing" },
        { "/api/v1/organizations/org_1/usage-report", "identity" },
        { "/api/admin/users", "admin" },
        { "/admin", "admin" },
        { "/admin/global-settings", "admin" },
        { "/api/settings/public", "admin" },
    };

    [Theory]
    [MemberData(nameof(PublicPaths))]
    public async Task Get_WhenPathIsPublic_ShouldReachItsService(string path, string service)
    {
        var response = await _gateway.CreateClient().GetAsync($"{path}?probe={Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.ReadJsonAsync();
        Assert.Equal(service, echo.GetProperty("service").GetString());
        Assert.Equal(path, echo.GetProperty("path").GetString());
        Assert.StartsWith("?probe=", echo.GetProperty("query").GetString());
    }

    [Theory]
    [InlineData("/api/stripe/webhook")]
    [InlineData("/api/stripe-webhook")]
    public async Task Post_WhenStripeWebhookPath_ShouldReachWebhooks(string path)
    {
        var response = await _gateway.CreateClient().PostAsync(path, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("webhooks", (await response.ReadJsonAsync()).GetProperty("service").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api")]
    [InlineData("/api/unknown/thing")]
    [InlineData("/favicon.ico")]
    public async Task Get_WhenNoRouteMatches_ShouldReturnJsonNotFound(string path)
    {
        var response = await _gateway.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found", await response.ErrorAsync());
    }

    [Fact]
    public async Task Get_WhenStripeWebhookPath_ShouldNotReachWebhooks()
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await _gateway.CreateClient().GetAsync($"/api/stripe/webhook?m={marker}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(backends["webhooks"].Received, r => r.QueryString.Contains(marker));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Get_WhenServiceAnswersErrorWithoutBody_ShouldPassItThroughUnchanged(int status)
    {
        var response = await _gateway.CreateClient().GetAsync($"/api/user/status/{status}");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    public void Dispose() => _gateway.Dispose();
}
