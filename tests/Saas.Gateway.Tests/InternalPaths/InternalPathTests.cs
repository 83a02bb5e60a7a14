using System.Net;
using Saas.Gateway.InternalPaths;
using Saas.Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Saas.Gateway.Tests.InternalPaths;

[Collection(GatewayCollection.Name)]
public sealed class InternalPathTests(Backends backends) : IDisposable
{
    private readonly GatewayFactory _gateway = new(backends, new Dictionary<string, string?>
    {
        // As if someone routed /internal in configuration: the gateway must still refuse it.
        ["ReverseProxy:Routes:oops-internal:ClusterId"] = "identity",
        ["ReverseProxy:Routes:oops-internal:Match:Path"] = "/{**catch-all}",
        ["ReverseProxy:Routes:oops-internal:Order"] = "100",
    });

    [Theory]
    [InlineData("/internal/anything")]
    [InlineData("/INTERNAL/x")]
    [InlineData("/Internal/")]
    [InlineData("/internal")]
    [InlineData("//internal/x")]
    [InlineData("/%2Finternal/x")]
    [InlineData("/%69nternal/x")]
    [InlineData("/api/../internal/x")]
    public async Task Get_WhenPathIsInternal_ShouldReturn404AndNotReachAnyService(string path)
    {
        var marker = Guid.NewGuid().ToString("N");

        // An absolute URI: HttpClient would read a relative "//internal/x" as host "internal", path "/x".
        var response = await _gateway.CreateClient().GetAsync(new Uri($"http://localhost{path}?m={marker}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found", await response.ErrorAsync());
        Assert.DoesNotContain(backends.All.SelectMany(b => b.Received), r => r.QueryString.Contains(marker));
    }

    [Fact]
    public async Task Post_WhenPathIsInternal_ShouldReturn404AndNotReachAnyService()
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await _gateway.CreateClient().PostAsync($"/internal/users?m={marker}", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(backends.All.SelectMany(b => b.Received), r => r.QueryString.Contains(marker));
    }

    [Fact]
    public async Task Get_WhenRouteOnlyLooksInternal_ShouldStillBeProxied()
    {
        // The catch-all route above proves the block is the middleware, not a missing route.
        var response = await _gateway.CreateClient().GetAsync("/api/user/internal/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/internal", true)]
    [InlineData("/a/./../INTERNAL/b", true)]
    [InlineData("/\\internal\\x", true)]
    [InlineData("/internals", true)]
    [InlineData("/api/internal", false)]
    [InlineData("/", false)]
    public void IsInternal_WhenPathNormalised_ShouldMatchOnlyTheInternalPrefix(string path, bool expected) =>
        Assert.Equal(expected, InternalPathBlocking.IsInternal(new PathString(path)));

    public void Dispose() => _gateway.Dispose();
}
