namespace Saas.Billing.Features.Subscriptions;

/// <summary>Where an update comes from; within one second, later kinds win (<see cref="SubscriptionUpdate.Rank"/>).</summary>
public enum UpdateKind
{
    Created = 0,
    Invoice = 1,
    TrialEnding = 1,
    Updated = 2,
    Deleted = 3,

    /// <summary>Read from Stripe's API just now (reconcile, checkout completion, cancel).</summary>
    Live = 4,
}

/// <summary>A subscription's full state at <see cref="At"/>, as one Stripe event (or a live read) reports it.</summary>
public sealed record SubscriptionUpdate
{
    public required string SubscriptionId { get; init; }

    public required string Status { get; init; }

    /// <summary>The Stripe event's <c>created</c>, or the time of a live read.</summary>
    public required DateTimeOffset At { get; init; }

    public required UpdateKind Kind { get; init; }

    /// <summary>The Stripe event id, or <c>live</c>.</summary>
    public required string Source { get; init; }

    public string? PriceId { get; init; }

    public DateTimeOffset? CurrentPeriodEnd { get; init; }

    public bool CancelAtPeriodEnd { get; init; }

    public DateTimeOffset? CancelAt { get; init; }

    public DateTimeOffset? TrialEnd { get; init; }

    public DateTimeOffset? CanceledAt { get; init; }

    /// <summary>Orders updates that share <see cref="At"/> (Stripe's second): lifecycle first, then the kind of event.</summary>
    public int Rank => Features.Subscriptions.SubscriptionStatuses.LifecycleRank(Status) * 10 + (int)Kind;
}
