using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Saas.ServiceDefaults.Security;

/// <summary>
/// Which peers' <c>X-Forwarded-For</c> a process believes: single addresses (<c>10.0.0.5</c>) or CIDR networks
/// (<c>10.0.0.0/8</c>, a cluster's pod network). Only the last hop is read (<c>ForwardLimit</c> 1), so a client
/// cannot pose as another address by sending its own <c>X-Forwarded-For</c> through a trusted proxy.
/// </summary>
public static class TrustedProxies
{
    /// <summary>Reads an address or a CIDR network; an address becomes a network of one.</summary>
    public static bool TryParse(string? value, out IPNetwork network)
    {
        network = default;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (IPAddress.TryParse(text, out var address) && !text.Contains('/'))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    /// <summary>The entries of <paramref name="proxies"/> that are neither an address nor a CIDR network.</summary>
    public static IEnumerable<string> Invalid(IEnumerable<string> proxies) => proxies.Where(p => !TryParse(p, out _));

    /// <summary>
    /// Trusts exactly <paramref name="proxies"/>, plus loopback when <paramref name="keepLoopback"/> (a process on the
    /// same host, as AppHost runs the gateway beside the services). Nothing trusted: forwarded headers are ignored.
    /// </summary>
    public static void Trust(this ForwardedHeadersOptions options, IEnumerable<string> proxies, bool keepLoopback)
    {
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        if (keepLoopback)
        {
            options.KnownIPNetworks.Add(IPNetwork.Parse("127.0.0.0/8"));
            options.KnownProxies.Add(IPAddress.IPv6Loopback);
        }

        foreach (var proxy in proxies)
        {
            if (TryParse(proxy, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
        }

        options.ForwardLimit = 1;
        options.ForwardedHeaders = options.KnownIPNetworks.Count + options.KnownProxies.Count == 0
            ? ForwardedHeaders.None
            : options.ForwardedHeaders | ForwardedHeaders.XForwardedFor;
    }
}
