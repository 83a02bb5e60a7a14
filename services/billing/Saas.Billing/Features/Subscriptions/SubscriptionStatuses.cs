namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// Stripe's subscription statuses, how they order within one second, and how saasbackend (seed 000) and
/// backend-manager (seed 001) spell and group them.
/// </summary>
public static class SubscriptionStatuses
{
    public const string None = "none";
    public const string Active = "active";
    public const string Trialing = "trialing";
    public const string PastDue = "past_due";
    public const string Unpaid = "unpaid";
    public const string Paused = "paused";
    public const string Incomplete = "incomplete";
    public const string IncompleteExpired = "incomplete_expired";
    public const string Canceled = "canceled";

    public static readonly IReadOnlySet<string> Stripe = new HashSet<string>
    {
        Active, Trialing, PastDue, Unpaid, Paused, Incomplete, IncompleteExpired, Canceled,
    };

    /// <summary>A subscription in this status never comes back: Stripe makes a new one instead.</summary>
    public static bool IsTerminal(string? status) => status is Canceled or IncompleteExpired;

    /// <summary>Grants access (seed 001: trialing is active).</summary>
    public static bool GrantsAccess(string? status) => status is Active or Trialing;

    /// <summary>
    /// Stripe's <c>created</c> has one-second resolution and one checkout produces several events in the same
    /// second: between two states of the same second, the one further along the lifecycle is the newer.
    /// </summary>
    public static int LifecycleRank(string? status) => status switch
    {
        Incomplete => 1,
        Trialing => 2,
        Active => 3,
        PastDue => 4,
        Unpaid or Paused => 5,
        IncompleteExpired => 6,
        Canceled => 7,
        _ => 0,
    };

    /// <summary>saasbackend's spelling (<c>cancelled</c>), plus Stripe's <c>paused</c> that saasbackend forgets.</summary>
    public static string ToSaasBackend(string? status) => status switch
    {
        null or "" => None,
        Canceled => "cancelled",
        _ => status,
    };

    /// <summary>Reads either spelling; null for anything else.</summary>
    public static string? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "cancelled" or Canceled => Canceled,
        None => None,
        { } s when Stripe.Contains(s) => s,
        _ => null,
    };
}
