namespace Saas.Contracts.Webhooks;

/// <summary>
/// Stripe <c>customer.subscription.created</c>, <c>.updated</c> or <c>.deleted</c>: the subscription's state after
/// the change. Apply it only when <see cref="IStripeIntegrationEvent.StripeCreated"/> is newer than what is stored.
/// </summary>
public sealed record StripeSubscriptionChanged : StripeIntegrationEvent
{
    /// <summary><c>created</c>, <c>updated</c> or <c>deleted</c>.</summary>
    public required string Change { get; init; }

    /// <summary>The subscription (<c>sub_…</c>).</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>Stripe's status: <c>trialing</c>, <c>active</c>, <c>past_due</c>, <c>canceled</c>, <c>unpaid</c>, <c>incomplete</c>, …</summary>
    public required string Status { get; init; }

    /// <summary>The status before an update, from <c>previous_attributes</c>.</summary>
    public string? PreviousStatus { get; init; }

    /// <summary>The price of the first subscription item.</summary>
    public string? PriceId { get; init; }

    /// <summary>The product of that price.</summary>
    public string? ProductId { get; init; }

    /// <summary>The first item's quantity.</summary>
    public long? Quantity { get; init; }

    /// <summary>End of the paid period (the first item's since API 2025-03-31, the subscription's before).</summary>
    public DateTimeOffset? CurrentPeriodEnd { get; init; }

    /// <summary>The subscription ends at <see cref="CurrentPeriodEnd"/> instead of renewing.</summary>
    public bool CancelAtPeriodEnd { get; init; }

    /// <summary>A scheduled cancellation time.</summary>
    public DateTimeOffset? CancelAt { get; init; }

    /// <summary>When it was canceled.</summary>
    public DateTimeOffset? CanceledAt { get; init; }

    /// <summary>End of the trial, if any.</summary>
    public DateTimeOffset? TrialEnd { get; init; }

    /// <summary>The user id our checkout put in the subscription's <c>metadata.userId</c>.</summary>
    public string? UserId { get; init; }
}
