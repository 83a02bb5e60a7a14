using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Security;

namespace Saas.Gateway.TrustedProxies;

/// <summary>
/// Believes <c>X-Forwarded-For</c>/<c>-Proto</c> only from the proxies listed in <c>Gateway:TrustedProxies</c>
/// (addresses or CIDR networks: a load balancer, or the ingress controller's pods in the cluster's pod network).
/// From anyone else they are ignored, and YARP then replaces them with what it saw, so a client cannot pose as
/// another address to the services or to the rate limiter.
/// </summary>
public static class TrustedProxiesExtensions
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((forwarded, gateway) =>
        {
            // ASP.NET trusts loopback by default; the gateway trusts exactly the configured list, or no one.
            forwarded.Trust(gateway.Value.TrustedProxies, keepLoopback: false);
            if (forwarded.ForwardedHeaders != ForwardedHeaders.None)
            {
                forwarded.ForwardedHeaders |= ForwardedHeaders.XForwardedProto;
            }
        });
        return services;
    }

    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();
}
