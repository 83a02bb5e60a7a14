using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.Routing;

[Collection(GatewayCollection.Name)]
public sealed class WebhookPassThroughTests(Backends backends) : IDisposable
{
    private readonly GatewayFactory _gateway = new(backends);

    [Theory]
    [InlineData("/api/stripe/webhook")]
    [InlineData("/api/stripe-webhook")]
    public async Task Post_WhenStripeEvent_ShouldPassRawBodyAndSignatureUntouched(string path)
    {
        var marker = Guid.NewGuid().ToString("N");
        // Whitespace, key order, escapes and a stray non-UTF-8 byte: any re-serialisation would change them
        // and break Stripe's signature, which is computed over these exact bytes.
        var payload = Encoding.UTF8.GetBytes($"{{\n  \"id\": \"evt_{marker}\",  \"object\":\"event\",\r\n\t\"data\": {{ \"x\": \"caf\\u00e9 \u00e9\" }} }}")
            .Append((byte)0xFF).ToArray();
        var signature = $"t=1700000000,v1={marker},v0=legacy";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);

        var response = await _gateway.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(backends["webhooks"].Received, r => r.Headers.GetValueOrDefault("Stripe-Signature") == signature);
        Assert.Equal(path, received.Path);
        Assert.Equal(payload, received.Body);
        Assert.Equal("application/json; charset=utf-8", received.Headers["Content-Type"]);
    }

    public void Dispose() => _gateway.Dispose();
}
