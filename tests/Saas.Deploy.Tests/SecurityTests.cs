using System.Net;

namespace Saas.Deploy.Tests;

/// <summary>The security settings the shipped manifests must carry out of the box (issue 15).</summary>
public sealed class SecurityTests
{
    /// <summary>
    /// Behind the ingress, the gateway must believe the ingress controller's X-Forwarded-For, and identity and admin
    /// the gateway's; otherwise every client shares one address and one client's bad logins lock out everyone.
    /// </summary>
    [Theory]
    [InlineData("gateway", "Gateway__TrustedProxies")]
    [InlineData("identity", "Identity__TrustedProxies__0")]
    [InlineData("admin", "Admin__TrustedProxies__0")]
    public void Kubernetes_trusts_the_pod_network_as_proxies_so_limits_count_per_client(string name, string key)
    {
        var variable = ConfigurationTests.KubernetesEnvironment(name).SingleOrDefault(v => v.Name == key);
        Assert.True(variable?.Value is { Length: > 0 }, $"{name}: {key} is not set, so every client looks like the proxy in front");
        var networks = variable!.Value!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.All(networks, n => Assert.True(IPNetwork.TryParse(n, out _) || IPAddress.TryParse(n, out _), $"{name}: '{n}' is neither an address nor a CIDR network"));
        // A pod address (the ingress controller's or the gateway's) falls inside.
        Assert.Contains(networks, n => IPNetwork.TryParse(n, out var net) && net.Contains(IPAddress.Parse("10.42.0.17")));
    }

    [Theory]
    [InlineData("identity", "Identity__TrustedProxies__0")]
    [InlineData("admin", "Admin__TrustedProxies__0")]
    public void Compose_trusts_the_gateway_network_as_proxy(string name, string key)
    {
        var value = Compose.Environment(name).GetValueOrDefault(key);
        Assert.Contains("SAAS_NETWORK_SUBNET", value ?? "");
    }
}
