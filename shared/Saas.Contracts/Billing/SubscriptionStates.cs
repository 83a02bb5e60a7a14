namespace Saas.Contracts.Billing;

/// <summary>
/// backend-manager's (seed 001) three subscription states, as <c>/api/billing/subscription</c> and <c>/api/auth/me</c>
/// show them in <c>subscriptionState</c>. One definition for every service that derives it from a status.
/// </summary>
public static class SubscriptionStates
{
    /// <summary>Current and valid, trial included; also a user who never subscribed (seed 001's default: basic, active).</summary>
    public const string Active = "active";

    /// <summary>Payment failed (Stripe <c>past_due</c>, <c>unpaid</c>) or paused.</summary>
    public const string Suspended = "suspended";

    /// <summary>Terminated (Stripe <c>canceled</c>), or never paid (<c>incomplete</c>, <c>incomplete_expired</c>).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>
    /// The state of a subscription status in Stripe's or saasbackend's spelling (<c>canceled</c>/<c>cancelled</c>;
    /// <c>none</c> or null for no subscription).
    /// </summary>
    public static string FromStatus(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" or "active" or "trialing" => Active,
        "past_due" or "unpaid" or "paused" => Suspended,
        _ => Cancelled,
    };
}
