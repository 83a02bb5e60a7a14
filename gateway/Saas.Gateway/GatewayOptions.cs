using System.ComponentModel.DataAnnotations;

namespace Saas.Gateway;

/// <summary>Settings of the gateway itself (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body forwarded; Stripe events and API payloads are far smaller.</summary>
    [Range(1L, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long <c>/health</c> waits for each service: a probe must answer fast, not retry.</summary>
    [Range(0.1, 30)]
    public double HealthProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// Addresses or CIDR networks (<c>10.0.0.0/8</c>) of proxies in front of the gateway whose
    /// <c>X-Forwarded-For</c>/<c>-Proto</c> we believe: the load balancer, or the ingress controller's pods.
    /// Empty (the default): forwarded headers from clients are ignored and replaced. Behind a proxy that is not
    /// listed, every client looks like that proxy to the rate limits and to the services' lockouts.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in global::Saas.ServiceDefaults.Security.TrustedProxies.Invalid(TrustedProxies))
        {
            yield return new ValidationResult($"'{proxy}' is neither an IP address nor a CIDR network", [nameof(TrustedProxies)]);
        }
    }
}
