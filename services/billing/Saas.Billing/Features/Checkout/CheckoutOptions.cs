using System.ComponentModel.DataAnnotations;

namespace Saas.Billing.Features.Checkout;

/// <summary>
/// Where Stripe sends the customer back (section <c>Billing</c>; saasbackend's <c>PUBLIC_URL</c> and
/// <c>BILLING_RETURN_URL_RELATIVE</c> map to <c>Billing:PublicUrl</c> and <c>Billing:ReturnUrlRelative</c>).
/// </summary>
public sealed class CheckoutOptions : IValidatableObject
{
    public const string SectionName = "Billing";

    /// <summary>The front end's public address (saasbackend's default: <c>http://localhost:3000</c>).</summary>
    public string PublicUrl { get; set; } = "http://localhost:3000";

    /// <summary>The page Checkout and the portal return to, relative to <see cref="PublicUrl"/>.</summary>
    public string ReturnUrlRelative { get; set; } = "/dashboard";

    public string ReturnUrl => PublicUrl.TrimEnd('/') + ReturnUrlRelative;

    /// <summary>Checkout's success page; Stripe fills in the session id.</summary>
    public string SuccessUrl => $"{ReturnUrl}{Separator}checkout=success&session_id={{CHECKOUT_SESSION_ID}}";

    public string CancelUrl => $"{ReturnUrl}{Separator}checkout=cancel";

    private string Separator => ReturnUrlRelative.Contains('?') ? "&" : "?";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("must be an absolute http(s) URL (PUBLIC_URL)", [nameof(PublicUrl)]);
        }

        if (!ReturnUrlRelative.StartsWith('/') || ReturnUrlRelative.StartsWith("//", StringComparison.Ordinal))
        {
            yield return new ValidationResult("must be a path starting with a single '/' (BILLING_RETURN_URL_RELATIVE)", [nameof(ReturnUrlRelative)]);
        }
    }
}
