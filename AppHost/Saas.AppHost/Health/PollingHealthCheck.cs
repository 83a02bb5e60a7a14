using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Saas.AppHost.Health;

/// <summary>
/// Runs a probe every 100 ms until it reports healthy or <see cref="Window"/> has passed, then answers. Aspire checks an
/// unhealthy resource again after 1, 2, 3, 4, 5 s: a service ready 0.2 s after a failed check would wait for the next
/// one, and each <c>WaitFor</c> in a chain adds that wait. Polling inside the check sees readiness within 100 ms.
/// </summary>
internal sealed class PollingHealthCheck(Func<CancellationToken, Task<HealthCheckResult>> probe) : IHealthCheck
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var result = await probe(cancellationToken);
            if (result.Status == HealthStatus.Healthy || Stopwatch.GetElapsedTime(started) >= Window)
            {
                return result;
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }
}

internal static class PollingHealthCheckExtensions
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Healthy when <c>GET http://127.0.0.1:{port}{path}</c> answers 2xx (what <c>WithHttpHealthCheck</c> checks), polled.</summary>
    public static IResourceBuilder<T> WithPollingHttpHealthCheck<T>(this IResourceBuilder<T> builder, int port, string path) where T : IResource
    {
        var url = $"http://127.0.0.1:{port}{path}";
        var name = $"{builder.Resource.Name}-http-{path.Trim('/')}";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddCheck(name, new PollingHealthCheck(async ct =>
        {
            try
            {
                using var response = await Http.GetAsync(url, ct);
                return response.IsSuccessStatusCode
                    ? HealthCheckResult.Healthy($"{url} answered {(int)response.StatusCode}")
                    : HealthCheckResult.Unhealthy($"{url} answered {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"{url}: {ex.Message}");
            }
        }));
        return builder.WithHealthCheck(name);
    }

    /// <summary>Adds <paramref name="check"/> polled (see <see cref="PollingHealthCheck"/>).</summary>
    public static IResourceBuilder<T> WithPollingHealthCheck<T>(this IResourceBuilder<T> builder, string name, IHealthCheck check) where T : IResource
    {
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .AddCheck(name, new PollingHealthCheck(ct => check.CheckHealthAsync(new HealthCheckContext(), ct)));
        return builder.WithHealthCheck(name);
    }
}
