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

/// <summary>Issue 15, finding 5: internal APIs closed by default in the shipped manifests.</summary>
public sealed class InternalApiTests
{
    /// <summary>Each service's internal key setting and, for admin, the keys it sends.</summary>
    public static TheoryData<string, string> KeySettings => new()
    {
        { "identity", "Identity__InternalApiKey" },
        { "billing", "Billing__InternalApiKey" },
        { "webhooks", "Webhooks__InternalApiKey" },
        { "admin", "Admin__IdentityApiKey" },
        { "admin", "Admin__BillingApiKey" },
        { "admin", "Admin__WebhooksApiKey" },
        // Also the key identity's JWKS signature is checked with (finding 9f).
        { "billing", "ApiKeys__IdentityApiKey" },
        { "admin", "ApiKeys__IdentityApiKey" },
    };

    [Theory]
    [MemberData(nameof(KeySettings))]
    public void Kubernetes_wires_the_internal_api_key_from_the_secret_as_required(string name, string key)
    {
        var variable = ConfigurationTests.KubernetesEnvironment(name).SingleOrDefault(v => v.Name == key);
        Assert.True(variable is not null, $"{name}: {key} is not set; the service would refuse to start");
        Assert.Equal("internal-api-key", variable!.SecretKey);
        Assert.False(variable.Optional, $"{name}: {key} is optional; a missing secret must stop the rollout, not open /internal");
    }

    [Theory]
    [MemberData(nameof(KeySettings))]
    public void Compose_requires_the_internal_api_key(string name, string key)
    {
        var value = Compose.Environment(name).GetValueOrDefault(key);
        Assert.Equal("${INTERNAL_API_KEY:?set INTERNAL_API_KEY in deploy/.env}", value);
    }

    [Fact]
    public void A_default_deny_policy_covers_every_pod_of_the_namespace()
    {
        var policies = Manifests.OfKind("NetworkPolicy").ToList();
        Assert.Contains(policies, p => p.Spec.Map("podSelector").Count == 0
            && p.Spec.List("policyTypes").Select(Yaml.Scalar).Contains("Ingress")
            && !p.Spec.ContainsKey("ingress"));
    }

    [Theory]
    [InlineData("gateway", new string[0])]
    [InlineData("admin", new[] { "gateway" })]
    [InlineData("billing", new[] { "gateway", "admin" })]
    [InlineData("webhooks", new[] { "gateway", "admin" })]
    [InlineData("identity", new[] { "gateway", "admin", "billing", "webhooks" })]
    public void Only_the_gateway_and_the_callers_the_code_has_reach_a_service(string name, string[] allowedPods)
    {
        var policy = Manifests.OfKind("NetworkPolicy").Single(p =>
            p.Spec.Map("podSelector").MapOrNull("matchLabels")?.Str("app.kubernetes.io/name") == name);
        var peers = policy.Spec.Maps("ingress").SelectMany(rule => rule.Maps("from")).ToList();
        var pods = peers.Select(p => p.MapOrNull("podSelector")?.MapOrNull("matchLabels")?.Str("app.kubernetes.io/name"))
            .Where(n => n is not null).Order().ToList();
        Assert.Equal(allowedPods.Order(), pods);
        // No peer that lets anything else in: no ipBlock, no bare namespace selector except the ingress controller's.
        Assert.All(peers, p => Assert.False(p.ContainsKey("ipBlock"), $"{policy}: an ipBlock peer"));
        var namespaces = peers.Where(p => p.ContainsKey("namespaceSelector")).ToList();
        Assert.True(name == "gateway" ? namespaces.Count == 1 : namespaces.Count == 0, $"{policy}: unexpected namespace peers");
        Assert.All(policy.Spec.Maps("ingress"), rule => Assert.Equal(["http"], rule.Maps("ports").Select(p => p.Str("port"))));
    }
}
