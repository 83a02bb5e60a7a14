using System.Net;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.RequestLimits;

[Collection(GatewayCollection.Name)]
public sealed class RequestBodyLimitTests(Backends backends)
{
    private const int Limit = 1024;
    private static readonly Dictionary<string, string?> Settings = new() { ["Gateway:MaxRequestBodyBytes"] = $"{Limit}" };

    [Theory]
    [InlineData("/api/user/profile")]
    [InlineData("/api/stripe/webhook")]
    public async Task Post_WhenBodyOverLimit_ShouldReturn413AndNotForward(string path)
    {
        using var gateway = new GatewayFactory(backends, Settings);
        var marker = Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().PostAsync($"{path}?m={marker}", new ByteArrayContent(new byte[Limit + 1]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request body too large", await response.ErrorAsync());
        Assert.DoesNotContain(backends.All.SelectMany(b => b.Received), r => r.QueryString.Contains(marker));
    }

    [Fact]
    public async Task Post_WhenBodyAtLimit_ShouldForwardIt()
    {
        using var gateway = new GatewayFactory(backends, Settings);

        var response = await gateway.CreateClient().PostAsync("/api/user/profile", new ByteArrayContent(new byte[Limit]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_WhenChunkedBodyOverLimitOnKestrel_ShouldReturn413()
    {
        // Without Content-Length only the server can count the bytes, so this one runs the gateway on real Kestrel.
        using var gateway = new GatewayFactory(backends, Settings);
        gateway.UseKestrel(0);
        gateway.StartServer();
        var content = new StreamContent(new MemoryStream(new byte[Limit * 4]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/user/profile") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await gateway.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request body too large", await response.ErrorAsync());
    }
}
