namespace Saas.Webhooks.Features.Pipeline;

/// <summary>
/// An event whose <c>api_version</c> is not the one Stripe.net is pinned to was shaped by another version of Stripe's
/// API: fields may be missing, renamed or typed differently, so support and operators must be told (issue 19 item 6).
/// </summary>
public static class ApiVersionDrift
{
    /// <summary>The version this build of Stripe.net reads (<c>Stripe.StripeConfiguration.ApiVersion</c>).</summary>
    public static string Pinned => Stripe.StripeConfiguration.ApiVersion;

    /// <summary>True when the event names a version and it is not <see cref="Pinned"/>; an event naming none is not flagged.</summary>
    public static bool IsDrifted(string? apiVersion) =>
        !string.IsNullOrEmpty(apiVersion) && !string.Equals(apiVersion, Pinned, StringComparison.Ordinal);
}
