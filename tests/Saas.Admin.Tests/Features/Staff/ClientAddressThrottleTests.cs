using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Saas.Admin.Tests.Features.Staff;

/// <summary>
/// Issue 15, findings 1 and 7: every staff request reaches admin from a gateway pod. With the pod network trusted
/// (as deploy/k8s/config.yaml ships it), the sign-in throttle must count the client the gateway forwards, so one
/// client's wrong passwords do not lock every staffer out.
/// </summary>
public sealed class ClientAddressThrottleTests
{
    private const string GatewayPod = "10.42.2.4";

    [Fact]
    public async Task BasicSignIn_WhenOneClientBehindTheGatewayIsLockedOut_ShouldStillLetAnotherClientIn()
    {
        await using var app = new AdminApp().With("Admin:MaxFailedAttempts", "5").With("Admin:TrustedProxies:0", "10.0.0.0/8");
        for (var i = 0; i < 6; i++)
        {
            await SendAsync(app, "203.0.113.66", $"guess-{i}");
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, await SendAsync(app, "203.0.113.66", AdminApp.Password));
        Assert.Equal(StatusCodes.Status200OK, await SendAsync(app, "198.51.100.23", AdminApp.Password));
    }

    [Fact]
    public async Task BasicSignIn_WhenAnUntrustedPeerRotatesForwardedFor_ShouldStillBeLockedOut()
    {
        await using var app = new AdminApp().With("Admin:MaxFailedAttempts", "5").With("Admin:TrustedProxies:0", "10.0.0.0/8");
        for (var i = 0; i < 6; i++)
        {
            await SendAsync(app, $"192.0.2.{i}", $"guess-{i}", from: "172.16.5.5");
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, await SendAsync(app, "192.0.2.99", AdminApp.Password, from: "172.16.5.5"));
    }

    private static async Task<int> SendAsync(AdminApp app, string client, string password, string from = GatewayPod)
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminApp.Username}:{password}"));
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/admin/settings";
            c.Request.Headers.Authorization = $"Basic {credentials}";
            c.Request.Headers["X-Forwarded-For"] = client;
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
        });
        return context.Response.StatusCode;
    }
}
