namespace Saas.Contracts.Billing;

/// <summary>
/// Billing applied a Stripe subscription change to a subscriber: exactly one of <see cref="UserId"/> and
/// <see cref="OrganizationId"/> is set. Consumers ignore a change older than the last one they applied
/// (compare <see cref="StripeEventCreated"/>) and a redelivery (same <see cref="IIntegrationEvent.EventId"/>).
/// </summary>
public sealed record SubscriptionChanged : IIntegrationEvent
{
    /// <inheritdoc />
    public required Guid EventId { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The subscribing user, for a personal subscription.</summary>
    public string? UserId { get; init; }

    /// <summary>The subscribing organization, for an organization's subscription.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>The Stripe customer (<c>cus_…</c>).</summary>
    public required string CustomerId { get; init; }

    /// <summary>The Stripe subscription (<c>sub_…</c>); null when the customer has none any more.</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>
    /// Stripe's subscription status as Stripe spells it: <c>active</c>, <c>trialing</c>, <c>past_due</c>,
    /// <c>unpaid</c>, <c>canceled</c>, <c>incomplete</c>, <c>incomplete_expired</c> or <c>paused</c>.
    /// </summary>
    public required string Status { get; init; }

    /// <summary>Our plan id (billing's catalog), when the price maps to one.</summary>
    public string? PlanId { get; init; }

    /// <summary>End of the period paid for.</summary>
    public DateTimeOffset? CurrentPeriodEnd { get; init; }

    /// <summary>The subscription ends at <see cref="CurrentPeriodEnd"/> instead of renewing.</summary>
    public bool CancelAtPeriodEnd { get; init; }

    /// <summary>When Stripe created the event this change comes from: orders changes to one subscriber.</summary>
    public required DateTimeOffset StripeEventCreated { get; init; }

    /// <summary>Set when support replayed the Stripe event; the change itself is applied the same way.</summary>
    public bool IsReplay { get; init; }
}
