using System.Net;
using Microsoft.AspNetCore.Http;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.TrustedProxies;

[Collection(GatewayCollection.Name)]
public sealed class TrustedProxiesTests(Backends backends) : IDisposable
{
    private const string LoadBalancer = "10.0.0.5";
    private readonly GatewayFactory _gateway = new(backends, new Dictionary<string, string?>
    {
        ["Gateway:TrustedProxies"] = $"10.0.0.9, {LoadBalancer}", // as an environment variable would give it
    });

    [Fact]
    public async Task Get_WhenForwardedByTrustedProxy_ShouldForwardTheOriginalClient()
    {
        var received = await SendAsync(from: LoadBalancer, forwardedFor: "203.0.113.7");

        Assert.Equal("203.0.113.7", received.Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task Get_WhenClientSpoofsForwardedFor_ShouldForwardItsRealAddress()
    {
        var received = await SendAsync(from: "198.51.100.9", forwardedFor: "203.0.113.7");

        Assert.Equal("198.51.100.9", received.Headers["X-Forwarded-For"]);
    }

    private async Task<ReceivedRequest> SendAsync(string from, string forwardedFor)
    {
        var marker = Guid.NewGuid().ToString("N");
        var context = await _gateway.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = $"/api/user/{marker}";
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
        });
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        return Assert.Single(backends["identity"].ReceivedWithPathContaining(marker));
    }

    public void Dispose() => _gateway.Dispose();
}
