using Yarp.ReverseProxy.Configuration;

namespace Saas.Gateway.Routing;

/// <summary>
/// Points each cluster at its service's address from <c>services:{cluster}:http:0</c>, so AppHost,
/// docker-compose and Kubernetes drive the gateway with the same variables as every other service.
/// </summary>
internal sealed class ServiceAddressFilter(IConfiguration configuration) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        // Never throw here: YARP loads its configuration while the app is being built, before
        // RunWithStartupChecksAsync can turn a failure into one readable line. A missing address is
        // reported by ServiceAddressesValidator when the host starts.
        if (ServiceAddresses.FromServiceKey(configuration, cluster.ClusterId) is not { } address)
        {
            return ValueTask.FromResult(cluster);
        }

        return ValueTask.FromResult(cluster with
        {
            Destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase)
            {
                [cluster.ClusterId] = new() { Address = address },
            },
        });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);
}
