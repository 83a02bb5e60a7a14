using System.Net;
using Microsoft.AspNetCore.Http;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.TrustedProxies;

/// <summary>
/// Issue 15, finding 1: behind a Kubernetes ingress every request reaches the gateway from an ingress-controller pod.
/// With the pod network trusted as a CIDR (as deploy/k8s/config.yaml ships it), one client exhausting the login
/// limit must not lock out another client behind the same ingress.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class IngressLockoutTests(Backends backends) : IDisposable
{
    private const string IngressPod = "10.42.3.17";
    private const string Attacker = "203.0.113.66";
    private const string Victim = "198.51.100.23";

    private readonly GatewayFactory _gateway = new(backends, new Dictionary<string, string?>
    {
        ["Gateway:TrustedProxies"] = "10.0.0.0/8", // the shipped k8s value: the pod network
        ["RateLimiting:Auth:PermitLimit"] = "20",
        ["RateLimiting:Auth:WindowSeconds"] = "900",
    });

    [Fact]
    public async Task Login_WhenOneClientBehindTheIngressExhaustsTheLimit_ShouldNotLockOutAnotherClient()
    {
        for (var i = 0; i < 25; i++)
        {
            await LoginThroughIngressAsync(Attacker, $"attacker-{i}");
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, await LoginThroughIngressAsync(Attacker, "attacker-last"));

        var marker = Guid.NewGuid().ToString("N");
        Assert.Equal(StatusCodes.Status200OK, await LoginThroughIngressAsync(Victim, marker));
        // And identity is told who the client is (its own lockout keys on this), not the ingress pod.
        var forwarded = Assert.Single(backends["identity"].ReceivedWithPathContaining(marker));
        Assert.Equal(Victim, forwarded.Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task Login_WhenAClientSpoofsForwardedForThroughTheIngress_ShouldBeCountedAsItself()
    {
        // The ingress appends the real peer; a forged entry before it must not buy the attacker a fresh budget.
        for (var i = 0; i < 25; i++)
        {
            await LoginThroughIngressAsync($"192.0.2.{i}, {Attacker}", $"spoof-{i}");
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, await LoginThroughIngressAsync($"192.0.2.200, {Attacker}", "spoof-last"));
    }

    private async Task<int> LoginThroughIngressAsync(string forwardedFor, string marker)
    {
        var context = await _gateway.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = $"/api/auth/login/{marker}";
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            c.Connection.RemoteIpAddress = IPAddress.Parse(IngressPod);
        });
        return context.Response.StatusCode;
    }

    public void Dispose() => _gateway.Dispose();
}
