using System.Net;

namespace Saas.AppHost.Orchestration;

/// <summary>Asks a process's health endpoint; any answer but 200 (or no answer) is "not healthy".</summary>
internal sealed class HealthProbe : IDisposable
{
    // No proxy: a machine-wide HTTP_PROXY must not intercept calls to our own loopback ports.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthAnswer> CheckAsync(string url, CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var summary = $"{(int)response.StatusCode} from {new Uri(url).AbsolutePath}: {(body.Length > 300 ? body[..300] + "…" : body)}";
            return new(response.StatusCode == HttpStatusCode.OK, summary);
        }
        catch (HttpRequestException ex)
        {
            return new(false, $"no answer from {new Uri(url).AbsolutePath}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, $"no answer from {new Uri(url).AbsolutePath} within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Whether a health endpoint answered 200, and what it said (for the operator when it did not).</summary>
internal sealed record HealthAnswer(bool Healthy, string Summary);
