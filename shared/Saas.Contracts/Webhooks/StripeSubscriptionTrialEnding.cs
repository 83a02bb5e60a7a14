namespace Saas.Contracts.Webhooks;

/// <summary>Stripe <c>customer.subscription.trial_will_end</c>: a trial ends in three days (a reminder, no state change).</summary>
public sealed record StripeSubscriptionTrialEnding : StripeIntegrationEvent
{
    /// <inheritdoc />
    public override string StripeEventType { get; init; } = "customer.subscription.trial_will_end";

    /// <summary>The subscription (<c>sub_…</c>).</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>Stripe's status (normally <c>trialing</c>).</summary>
    public required string Status { get; init; }

    /// <summary>When the trial ends.</summary>
    public DateTimeOffset? TrialEnd { get; init; }

    /// <summary>The price of the first subscription item.</summary>
    public string? PriceId { get; init; }

    /// <summary>End of the current period.</summary>
    public DateTimeOffset? CurrentPeriodEnd { get; init; }

    /// <summary>The subscription ends instead of renewing.</summary>
    public bool CancelAtPeriodEnd { get; init; }

    /// <summary>The user id from the subscription's <c>metadata.userId</c>.</summary>
    public string? UserId { get; init; }
}
