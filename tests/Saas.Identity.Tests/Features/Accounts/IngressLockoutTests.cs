using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Saas.Identity.Tests.Features.Accounts;

/// <summary>
/// Issue 15, finding 1: every login reaches identity from a gateway pod. Trusting the pod network as a CIDR (as
/// deploy/k8s/config.yaml ships it), identity's per-IP lockout must count the client the gateway forwards, so one
/// client's 20+ bad logins do not lock out another.
/// </summary>
public sealed class IngressLockoutTests
{
    private const string GatewayPod = "10.42.1.9";

    [Fact]
    public async Task Login_WhenOneClientFailsTwentyTimes_ShouldNotLockOutAnotherClientBehindTheSameGateway()
    {
        await using var app = new IdentityApp().With("Identity:TrustedProxies:0", "10.0.0.0/8");
        var victim = await app.CreateClient().RegisterAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(StatusCodes.Status401Unauthorized, await LoginAsync(app, "203.0.113.66", Api.NewEmail(), "wrong-password"));
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, await LoginAsync(app, "203.0.113.66", victim.Email, victim.Password));
        Assert.Equal(StatusCodes.Status200OK, await LoginAsync(app, "198.51.100.23", victim.Email, victim.Password));
    }

    [Fact]
    public async Task Login_WhenAnUntrustedPeerSendsForwardedFor_ShouldCountThePeer()
    {
        await using var app = new IdentityApp().With("Identity:TrustedProxies:0", "10.0.0.0/8");
        for (var i = 0; i < 21; i++)
        {
            await LoginAsync(app, $"192.0.2.{i}", Api.NewEmail(), "wrong-password", from: "172.16.5.5");
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, await LoginAsync(app, "192.0.2.250", Api.NewEmail(), "wrong-password", from: "172.16.5.5"));
    }

    private static async Task<int> LoginAsync(IdentityApp app, string client, string email, string password, string from = GatewayPod)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { email, password }));
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/auth/login";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(body);
            c.Request.ContentLength = body.Length;
            c.Request.Headers["X-Forwarded-For"] = client;
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
        });
        return context.Response.StatusCode;
    }
}
