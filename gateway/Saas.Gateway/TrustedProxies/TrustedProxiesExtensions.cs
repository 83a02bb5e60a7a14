using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Saas.Gateway.TrustedProxies;

/// <summary>
/// Believes <c>X-Forwarded-For</c>/<c>-Proto</c> only from the proxies listed in <c>Gateway:TrustedProxies</c>
/// (a load balancer in front of us). From anyone else they are ignored, and YARP then replaces them with
/// what it saw, so a client cannot pose as another address to the services or to the rate limiter.
/// </summary>
public static class TrustedProxiesExtensions
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((forwarded, gateway) =>
        {
            // ASP.NET trusts loopback by default; the gateway trusts exactly the configured list, or no one.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            var proxies = gateway.Value.TrustedProxies;
            forwarded.ForwardedHeaders = proxies.Length == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();
}
