using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Saas.Gateway.Routing;

namespace Saas.Gateway.Health;

public sealed record ServiceHealth(
    string Status,
    long DurationMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

public sealed record GatewayHealth(string Status, IReadOnlyDictionary<string, ServiceHealth> Services);

/// <summary>Asks every service's <c>/health</c> at once and sums the answers up.</summary>
public sealed class ServiceHealthProbe(
    IHttpClientFactory clients, IOptions<ServiceAddresses> addresses, IOptions<GatewayOptions> options, TimeProvider time)
{
    public const string ClientName = "service-health";
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";

    public async Task<GatewayHealth> CheckAllAsync(CancellationToken cancel)
    {
        // Every address is known to be valid: the host does not start otherwise (ServiceAddressesValidator).
        var checks = addresses.Value.ByCluster.Select(async service =>
            (Name: service.Key, Health: await CheckAsync(service.Value!, cancel)));
        var results = await Task.WhenAll(checks);

        var services = results.OrderBy(r => r.Name, StringComparer.Ordinal).ToDictionary(r => r.Name, r => r.Health);
        var status = services.Values.All(s => s.Status == Healthy) ? Healthy : Unhealthy;
        return new GatewayHealth(status, services);
    }

    private async Task<ServiceHealth> CheckAsync(string address, CancellationToken cancel)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.HealthProbeTimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        var started = time.GetTimestamp();
        long Elapsed() => (long)time.GetElapsedTime(started).TotalMilliseconds;

        try
        {
            using var response = await clients.CreateClient(ClientName)
                .GetAsync(new Uri(new Uri(address), "/health"), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return response.IsSuccessStatusCode
                ? new ServiceHealth(Healthy, Elapsed())
                : new ServiceHealth(Unhealthy, Elapsed(), $"/health answered {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new ServiceHealth(Unhealthy, Elapsed(), $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return new ServiceHealth(Unhealthy, Elapsed(), ex.Message);
        }
    }
}
