using Microsoft.Extensions.Options;

namespace Saas.Gateway.Routing;

/// <summary>
/// The address of each cluster, read the way Aspire wires it: <c>services:{cluster}:http:0</c>
/// (environment: <c>services__identity__http__0=http://127.0.0.1:PORT</c>). Cluster ids are service names.
/// </summary>
public sealed class ServiceAddresses
{
    public const string ClustersSection = "ReverseProxy:Clusters";

    /// <summary>Cluster id → its address, or null when neither the service key nor a configured destination gives one.</summary>
    public Dictionary<string, string?> ByCluster { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static string KeyFor(string cluster) => $"services:{cluster}:http:0";

    /// <summary>The Aspire-style address, which wins over any destination written in appsettings.</summary>
    public static string? FromServiceKey(IConfiguration configuration, string cluster) =>
        configuration[KeyFor(cluster)] is { Length: > 0 } address ? address : null;

    internal void Load(IConfiguration configuration)
    {
        foreach (var cluster in configuration.GetSection(ClustersSection).GetChildren())
        {
            ByCluster[cluster.Key] = FromServiceKey(configuration, cluster.Key)
                ?? cluster.GetSection("Destinations").GetChildren().Select(d => d["Address"]).FirstOrDefault(a => !string.IsNullOrEmpty(a));
        }
    }
}

/// <summary>
/// Fails the start with one line per cluster that has no usable address. YARP itself would accept a cluster
/// without destinations and answer 503 at every request, which an operator only finds out much later.
/// </summary>
internal sealed class ServiceAddressesValidator : IValidateOptions<ServiceAddresses>
{
    public ValidateOptionsResult Validate(string? name, ServiceAddresses options)
    {
        var failures = new List<string>();
        foreach (var (cluster, address) in options.ByCluster)
        {
            var key = ServiceAddresses.KeyFor(cluster);
            if (address is null)
            {
                failures.Add($"{key} is not set (environment variable {key.Replace(":", "__")}): no address for cluster '{cluster}'");
            }
            else if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"{key}: '{address}' is not an absolute http(s) URI");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
