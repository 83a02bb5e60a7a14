using System.Net;
using Microsoft.AspNetCore.Http;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.RateLimiting;

[Collection(GatewayCollection.Name)]
public sealed class RateLimitingTests(Backends backends) : IDisposable
{
    private readonly GatewayFactory _gateway = new(backends, new Dictionary<string, string?>
    {
        ["RateLimiting:Auth:PermitLimit"] = "3",
        ["RateLimiting:Auth:WindowSeconds"] = "120",
        ["RateLimiting:Session:PermitLimit"] = "5",
    });

    [Fact]
    public async Task Post_WhenAuthLimitExceeded_ShouldReturn429WithRetryAfter()
    {
        var client = _gateway.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/auth/login", new StringContent("{}"))).StatusCode);
        }

        var response = await client.PostAsync("/api/auth/login", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 120);
        Assert.Equal($"Too many requests, retry in {retryAfter} seconds", await response.ErrorAsync());
    }

    [Fact]
    public async Task Post_WhenAuthLimitExceeded_ShouldStillServeSessionAndOtherRoutes()
    {
        var client = _gateway.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsync("/api/auth/login", new StringContent("{}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/auth/login", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/auth/refresh-token", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/user/profile")).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/auth/register")]
    [InlineData("POST", "/api/auth/verify-email")]
    [InlineData("POST", "/api/user/password-reset-request")]
    [InlineData("POST", "/api/user/password-reset-confirm")]
    [InlineData("PUT", "/api/user/password")]
    [InlineData("DELETE", "/api/user/account")]
    [InlineData("POST", "/api/auth/some-future-route")]
    public async Task Send_WhenACredentialRouteIsCalledTooOften_ShouldReturn429(string method, string path)
    {
        var client = _gateway.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
        }

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/auth/me")]
    [InlineData("POST", "/api/auth/refresh-token")]
    [InlineData("POST", "/api/auth/logout")]
    [InlineData("POST", "/api/auth/logout-all")]
    [InlineData("GET", "/api/auth/sessions")]
    [InlineData("DELETE", "/api/auth/sessions/abc")]
    public async Task Send_WhenASessionRouteIsCalledMoreThanTheAuthLimit_ShouldPassUpToTheSessionLimit(string method, string path)
    {
        var client = _gateway.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
        }

        // The session limit is 5 here: the sixth call within the window is refused.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
    }

    [Fact]
    public async Task Post_WhenAnotherClientExhaustedAuthLimit_ShouldNotLimitThisClient()
    {
        for (var i = 0; i < 4; i++)
        {
            await LoginFromAsync("198.51.100.1");
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, await LoginFromAsync("198.51.100.1"));
        Assert.Equal(StatusCodes.Status200OK, await LoginFromAsync("198.51.100.2"));
    }

    private async Task<int> LoginFromAsync(string clientIp)
    {
        var context = await _gateway.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/auth/login";
            c.Connection.RemoteIpAddress = IPAddress.Parse(clientIp);
        });
        return context.Response.StatusCode;
    }

    public void Dispose() => _gateway.Dispose();
}
