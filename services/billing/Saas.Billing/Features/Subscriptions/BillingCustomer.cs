using Saas.ServiceDefaults.Messaging;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// Everything billing knows about one subscriber (id = <c>SubscriberId.Key</c>): the Stripe customer, the last
/// subscription state Stripe told us, an admin override beside it, and the changes not yet published.
/// Written with optimistic concurrency only, so a state change and its pending event are stored together.
/// </summary>
public sealed class BillingCustomer : IHasPendingEvents
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string SubscriberKind { get; set; } = "";

    public string SubscriberId { get; set; } = "";

    /// <summary>The Stripe customer (<c>cus_…</c>); indexed to find the subscriber of a Stripe event.</summary>
    public string? StripeCustomerId { get; set; }

    public string? Email { get; set; }

    /// <summary>Ever had a trial (seed 001's <c>trial.claimed</c>): a second checkout gets none.</summary>
    public bool TrialClaimed { get; set; }

    /// <summary>Stripe's state, kept up to date even while an override is in force.</summary>
    public StripeSubscriptionState? Stripe { get; set; }

    /// <summary>Subscriptions seen ended (canceled, incomplete_expired): Stripe never revives one, so neither do we.</summary>
    public List<string> EndedSubscriptions { get; set; } = [];

    public SubscriptionOverride? Override { get; set; }

    /// <summary>Bumped when an invoice is paid: usage counters of older epochs no longer count.</summary>
    public long UsageEpoch { get; set; }

    /// <summary>
    /// The ordering time of the last published <c>SubscriptionChanged</c>; the next one is stamped later still, so
    /// consumers that keep the newest stamp never drop a real change.
    /// </summary>
    public DateTimeOffset? LastPublishedAt { get; set; }

    /// <summary><c>SubscriptionChanged</c> events stored with their change and not yet published (see <see cref="SubscriptionLedger"/>).</summary>
    public List<PendingEvent> PendingEvents { get; set; } = [];

    /// <summary>Whether <see cref="PendingEvents"/> has any: what the relay's sweep looks for.</summary>
    public bool HasPendingEvents { get; set; }

    /// <summary>
    /// The old per-document outbox (before <see cref="PendingEvents"/>): read only so <see cref="LegacyOutboxUpgrade"/>
    /// can carry what a store written before the upgrade still holds over to <see cref="PendingEvents"/>; null after.
    /// </summary>
    public List<LegacyPendingChange>? Outbox { get; set; }

    /// <summary>The old outbox's indexed flag: what <see cref="LegacyOutboxUpgrade"/> looks for.</summary>
    public bool HasPendingChanges { get; set; }

    /// <summary>Changes of the effective status or plan, oldest first (see <see cref="Timeline.TransitionRecorder"/>).</summary>
    public List<Timeline.SubscriptionTransition> Transitions { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class StripeSubscriptionState
{
    public string SubscriptionId { get; set; } = "";

    public string Status { get; set; } = "";

    public string? PriceId { get; set; }

    /// <summary>Our plan for <see cref="PriceId"/>, when the catalog sells it.</summary>
    public string? PlanId { get; set; }

    public DateTimeOffset? CurrentPeriodEnd { get; set; }

    public bool CancelAtPeriodEnd { get; set; }

    public DateTimeOffset? CancelAt { get; set; }

    public DateTimeOffset? TrialEnd { get; set; }

    public DateTimeOffset? CanceledAt { get; set; }

    /// <summary>When the applied information was true at Stripe: the event's <c>created</c>, or the time of a live read.</summary>
    public DateTimeOffset AppliedAt { get; set; }

    /// <summary>Ties within one second: <see cref="SubscriptionUpdate.Rank"/> of the applied update.</summary>
    public int AppliedRank { get; set; }

    /// <summary>The Stripe event id (or <c>live</c>) the state came from, for support.</summary>
    public string? AppliedFrom { get; set; }
}

public sealed class SubscriptionOverride
{
    /// <summary>Stripe's spelling (<c>canceled</c>), or <c>none</c>.</summary>
    public string Status { get; set; } = "";

    /// <summary>The plan granted; null keeps Stripe's.</summary>
    public string? PlanId { get; set; }

    public string? Reason { get; set; }

    public string? SetBy { get; set; }

    public DateTimeOffset SetAt { get; set; }
}
