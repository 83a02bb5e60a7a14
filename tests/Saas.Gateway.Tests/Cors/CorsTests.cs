using System.Net;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.Cors;

[Collection(GatewayCollection.Name)]
public sealed class CorsTests(Backends backends)
{
    private const string Allowed = "https://app.example.com";

    [Theory]
    [InlineData("https://app.example.com, https://admin.example.com")] // CORS_ORIGIN style
    [InlineData("https://app.example.com/")]
    public async Task Preflight_WhenOriginAllowed_ShouldAllowItWithCredentials(string configured)
    {
        using var gateway = new GatewayFactory(backends, new Dictionary<string, string?> { ["Cors:AllowedOrigins"] = configured });

        var response = await gateway.CreateClient().SendAsync(Preflight("/api/user/profile", Allowed));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.Contains("PUT", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
    }

    [Fact]
    public async Task Preflight_WhenOriginInConfiguredArray_ShouldAllowIt()
    {
        using var gateway = new GatewayFactory(backends, new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins:0"] = "https://other.example.com",
            ["Cors:AllowedOrigins:1"] = Allowed,
        });

        var response = await gateway.CreateClient().SendAsync(Preflight("/api/auth/login", Allowed));

        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Preflight_WhenOriginNotAllowed_ShouldNotAllowIt()
    {
        using var gateway = new GatewayFactory(backends, new Dictionary<string, string?> { ["Cors:AllowedOrigins"] = Allowed });

        var response = await gateway.CreateClient().SendAsync(Preflight("/api/user/profile", "https://evil.example.com"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Get_WhenOriginAllowed_ShouldExposeRequestId()
    {
        using var gateway = new GatewayFactory(backends, new Dictionary<string, string?> { ["Cors:AllowedOrigins"] = Allowed });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/user/profile");
        request.Headers.Add("Origin", Allowed);

        var response = await gateway.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("X-Request-Id", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preflight_WhenAnyOriginConfigured_ShouldAllowAnyOriginWithoutCredentials()
    {
        using var gateway = new GatewayFactory(backends, new Dictionary<string, string?> { ["Cors:AllowedOrigins"] = "*" });

        var response = await gateway.CreateClient().SendAsync(Preflight("/api/settings/public", "https://anyone.example.org"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_WhenNothingConfigured_ShouldNotAllowAnyOrigin()
    {
        using var gateway = new GatewayFactory(backends);

        var response = await gateway.CreateClient().SendAsync(Preflight("/api/user/profile", Allowed));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return request;
    }
}
