using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.RateLimiting;

/// <summary>The webhook routes limit refused deliveries per client IP; signed ones pass whatever their rate.</summary>
[Collection(GatewayCollection.Name)]
public sealed class WebhookRejectionLimitTests(Backends backends) : IAsyncLifetime
{
    private const int Limit = 5;
    private SigningWebhooksBackend _webhooks = null!;
    private GatewayFactory _gateway = null!;

    public async Task InitializeAsync()
    {
        _webhooks = await SigningWebhooksBackend.StartAsync();
        _gateway = new GatewayFactory(backends, new Dictionary<string, string?>
        {
            ["services:webhooks:http:0"] = _webhooks.Address,
            ["RateLimiting:Webhooks:PermitLimit"] = Limit.ToString(),
            ["RateLimiting:Webhooks:WindowSeconds"] = "120",
        });
    }

    [Theory]
    [InlineData("/api/stripe/webhook")]
    [InlineData("/api/stripe-webhook")]
    public async Task Post_WhenBurstOf500SignedEventsFromOneAddress_ShouldAcceptEveryOne(string path)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
        {
            var payload = Event(i);
            return PostAsync(path, "198.51.100.7", payload, SigningWebhooksBackend.Sign(payload));
        }));

        Assert.All(statuses, s => Assert.Equal(StatusCodes.Status200OK, s));
        Assert.Equal(500, _webhooks.Accepted);
    }

    [Fact]
    public async Task Post_WhenUnsignedFloodFromOneAddress_ShouldReturn429OnceTheRefusalsAreUsedUp()
    {
        var statuses = new List<int>();
        for (var i = 0; i < 50; i++)
        {
            statuses.Add(await PostAsync("/api/stripe/webhook", "198.51.100.8", Event(i), signature: null));
        }

        Assert.Equal(Enumerable.Repeat(StatusCodes.Status400BadRequest, Limit), statuses.Take(Limit));
        Assert.All(statuses.Skip(Limit), s => Assert.Equal(StatusCodes.Status429TooManyRequests, s));
        Assert.Equal(Limit, _webhooks.Refused); // the rest never reached the service
    }

    [Fact]
    public async Task Post_WhenBadlySignedFloodFromOneAddress_ShouldNotLimitSignedDeliveriesFromAnother()
    {
        for (var i = 0; i < 20; i++)
        {
            var payload = Event(i);
            await PostAsync("/api/stripe/webhook", "198.51.100.9", payload, SigningWebhooksBackend.Sign(payload, "whsec_wrong"));
        }

        var badResponse = await _gateway.Server.SendAsync(c => Build(c, "/api/stripe/webhook", "198.51.100.9", Event(99), "t=1,v1=00"));
        var signed = Event(100);

        Assert.Equal(StatusCodes.Status429TooManyRequests, badResponse.Response.StatusCode);
        Assert.True(badResponse.Response.Headers.ContainsKey("Retry-After"));
        Assert.Equal(StatusCodes.Status200OK, await PostAsync("/api/stripe/webhook", "203.0.113.10", signed, SigningWebhooksBackend.Sign(signed)));
        Assert.Equal(Limit, _webhooks.Refused);
    }

    [Fact]
    public async Task Post_WhenSignedEventsFollowRefusalsBelowTheLimit_ShouldAcceptThem()
    {
        for (var i = 0; i < Limit - 1; i++)
        {
            Assert.Equal(StatusCodes.Status400BadRequest, await PostAsync("/api/stripe/webhook", "198.51.100.11", Event(i), "t=1,v1=00"));
        }

        var statuses = new List<int>();
        for (var i = 0; i < 100; i++)
        {
            var payload = Event(1000 + i);
            statuses.Add(await PostAsync("/api/stripe/webhook", "198.51.100.11", payload, SigningWebhooksBackend.Sign(payload)));
        }

        Assert.All(statuses, s => Assert.Equal(StatusCodes.Status200OK, s));
    }

    private static string Event(int i) =>
        $$$"""{"id":"evt_burst_{{{i:D4}}}","object":"event","type":"customer.subscription.updated","data":{"object":{"id":"sub_{{{i}}}"} } }""";

    private async Task<int> PostAsync(string path, string clientIp, string payload, string? signature)
    {
        var context = await _gateway.Server.SendAsync(c => Build(c, path, clientIp, payload, signature));
        return context.Response.StatusCode;
    }

    private static void Build(HttpContext c, string path, string clientIp, string payload, string? signature)
    {
        c.Request.Method = HttpMethods.Post;
        c.Request.Path = path;
        c.Request.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes(payload);
        c.Request.Body = new MemoryStream(body);
        c.Request.ContentLength = body.Length;
        if (signature is not null)
        {
            c.Request.Headers["Stripe-Signature"] = signature;
        }

        c.Connection.RemoteIpAddress = IPAddress.Parse(clientIp);
    }

    public async Task DisposeAsync()
    {
        _gateway.Dispose();
        await _webhooks.DisposeAsync();
    }
}
