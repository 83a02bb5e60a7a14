namespace Saas.HealthProbe;

/// <summary>
/// A one-shot HTTP GET against the local service: the container's HEALTHCHECK. A path is resolved against
/// <c>http://127.0.0.1:{first port of ASPNETCORE_HTTP_PORTS, else 8080}</c>, the port the service listens on.
/// </summary>
public static class Probe
{
    public const int DefaultPort = 8080;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args, Func<string, string?> environment, TextWriter error)
    {
        var target = args.FirstOrDefault() ?? "/health";
        Uri uri;
        try
        {
            uri = Resolve(target, environment("ASPNETCORE_HTTP_PORTS"));
        }
        catch (FormatException ex)
        {
            error.WriteLine($"health probe: {ex.Message}");
            return 1;
        }

        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            error.WriteLine($"health probe: {uri} answered {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            error.WriteLine($"health probe: {uri}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>An absolute http(s) URL as given; a path against the first port in <paramref name="httpPorts"/>.</summary>
    public static Uri Resolve(string target, string? httpPorts)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute;
        }

        if (!target.StartsWith('/'))
        {
            throw new FormatException($"'{target}' is neither a path nor an http(s) URL");
        }

        var first = (httpPorts ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        var port = DefaultPort;
        if (first is not null && (!int.TryParse(first, out port) || port is < 1 or > 65535))
        {
            throw new FormatException($"ASPNETCORE_HTTP_PORTS='{httpPorts}' does not start with a port number");
        }

        return new Uri($"http://127.0.0.1:{port}{target}");
    }
}
