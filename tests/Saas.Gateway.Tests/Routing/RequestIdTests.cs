using System.Net;
using Saas.Gateway.Tests.Support;

namespace Saas.Gateway.Tests.Routing;

[Collection(GatewayCollection.Name)]
public sealed class RequestIdTests(Backends backends) : IDisposable
{
    private const string Header = "X-Request-Id";
    private readonly GatewayFactory _gateway = new(backends);

    [Fact]
    public async Task Get_WhenNoRequestId_ShouldGenerateOneAndForwardIt()
    {
        var (response, received) = await SendAsync(null);

        var id = Assert.Single(response.Headers.GetValues(Header));
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, received.Headers[Header]);
    }

    [Fact]
    public async Task Get_WhenRequestIdGiven_ShouldEchoAndForwardIt()
    {
        var (response, received) = await SendAsync("client-id_42.a:b");

        Assert.Equal("client-id_42.a:b", Assert.Single(response.Headers.GetValues(Header)));
        Assert.Equal("client-id_42.a:b", received.Headers[Header]);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(0)]
    public async Task Get_WhenRequestIdMalformed_ShouldReplaceIt(int length)
    {
        var malformed = length == 0 ? "bad id with spaces" : new string('a', length);

        var (response, received) = await SendAsync(malformed);

        var id = Assert.Single(response.Headers.GetValues(Header));
        Assert.NotEqual(malformed, id);
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, received.Headers[Header]);
    }

    private async Task<(HttpResponseMessage Response, ReceivedRequest Received)> SendAsync(string? requestId)
    {
        var marker = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/user/{marker}");
        if (requestId is not null)
        {
            request.Headers.TryAddWithoutValidation(Header, requestId);
        }

        var response = await _gateway.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, Assert.Single(backends["identity"].ReceivedWithPathContaining(marker)));
    }

    public void Dispose() => _gateway.Dispose();
}
