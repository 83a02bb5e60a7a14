using System.Text.Json;

namespace Saas.SystemTests;

/// <summary>An HTTP client for the gateway that reads JSON bodies.</summary>
internal sealed class GatewayClient(string gatewayUrl) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri(gatewayUrl),
        Timeout = TimeSpan.FromSeconds(10),
    };

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text.TrimStart()[0] is '{' or '['
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return ((int)response.StatusCode, body);
    }

    public Task<(int Status, JsonElement Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public void Dispose() => _http.Dispose();
}
