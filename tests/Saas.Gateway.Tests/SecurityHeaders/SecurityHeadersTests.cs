using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.SecurityHeaders;

/// <summary>Issue 15, finding 9 (headers): the gateway adds what browsers need on every answer, proxied or its own.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SecurityHeadersTests(Backends backends) : IDisposable
{
    private readonly GatewayFactory _gateway = new(backends, new Dictionary<string, string?> { ["Gateway:TrustedProxies"] = "10.0.0.0/8" });

    [Theory]
    [InlineData("/api/user/profile")] // proxied to identity
    [InlineData("/admin/users")] // proxied to the console
    [InlineData("/internal/users")] // the gateway's own 404
    [InlineData("/alive")]
    public async Task Get_OverPlainHttp_ShouldSendNosniffAndReferrerPolicyButNoHsts(string path)
    {
        var response = await _gateway.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Get_OverHttps_ShouldSendHsts()
    {
        var client = _gateway.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        var response = await client.GetAsync("/api/user/profile");

        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Get_WhenATlsTerminatingIngressForwardsHttps_ShouldSendHsts()
    {
        var context = await _gateway.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/user/profile";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Connection.RemoteIpAddress = IPAddress.Parse("10.42.0.3");
        });

        Assert.Equal("max-age=31536000", context.Response.Headers.StrictTransportSecurity.ToString());
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/sign-in")]
    [InlineData("/Admin/users/u1")]
    public async Task Get_ConsolePage_ShouldSendAContentSecurityPolicyThatForbidsFramingAndForeignScript(string path)
    {
        var response = await _gateway.CreateClient().GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Get_PublicApi_ShouldNotCarryTheConsolePolicy()
    {
        var response = await _gateway.CreateClient().GetAsync("/api/user/profile");

        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    public void Dispose() => _gateway.Dispose();
}
