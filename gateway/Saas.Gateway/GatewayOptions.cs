using System.ComponentModel.DataAnnotations;
using System.Net;

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
    /// IP addresses of proxies in front of the gateway whose <c>X-Forwarded-For</c>/<c>-Proto</c> we believe.
    /// Empty (the default): forwarded headers from clients are ignored and replaced.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in TrustedProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"'{proxy}' is not an IP address", [nameof(TrustedProxies)]);
        }
    }
}
