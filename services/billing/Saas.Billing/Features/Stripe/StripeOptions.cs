using System.ComponentModel.DataAnnotations;

namespace Saas.Billing.Features.Stripe;

/// <summary>
/// How billing reaches Stripe (section <c>Stripe</c>; saasbackend's <c>STRIPE_SECRET_KEY</c> maps to
/// <c>Stripe:SecretKey</c>). The key is required at start, except in Development and Testing, where a missing key
/// only makes the Stripe routes answer 503: the plans, subscription and usage routes still work without Stripe.
/// </summary>
public sealed class StripeOptions : IValidatableObject
{
    public const string SectionName = "Stripe";

    /// <summary>A secret (<c>sk_…</c>) or restricted (<c>rk_…</c>) key. Never logged.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Stripe's API, or an emulator/test server (<c>http://127.0.0.1:PORT</c>).</summary>
    [Required]
    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>Set from the host environment (Development, Testing), not from configuration.</summary>
    internal bool SecretKeyOptional { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured && !SecretKeyOptional)
        {
            yield return new ValidationResult("is required (STRIPE_SECRET_KEY)", [nameof(SecretKey)]);
        }
        else if (IsConfigured && !(SecretKey!.StartsWith("sk_", StringComparison.Ordinal) || SecretKey.StartsWith("rk_", StringComparison.Ordinal)))
        {
            // The message never repeats the value: it is a secret even when it is a wrong one.
            yield return new ValidationResult("must be a Stripe secret (sk_…) or restricted (rk_…) key", [nameof(SecretKey)]);
        }

        if (!Uri.TryCreate(ApiBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(ApiBase)]);
        }
    }
}
