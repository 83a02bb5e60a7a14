namespace Saas.Contracts.Webhooks;

/// <summary>
/// What every event translated from a Stripe webhook carries. Published by the webhooks service after the Stripe
/// event was verified and stored; <see cref="IIntegrationEvent.EventId"/> is derived from the Stripe event id (and
/// the replay, for a replay), so a consumer that remembers processed ids never applies one delivery twice.
/// </summary>
public interface IStripeIntegrationEvent : IIntegrationEvent
{
    /// <summary>Stripe's event id (<c>evt_…</c>).</summary>
    string StripeEventId { get; }

    /// <summary>Stripe's event type, e.g. <c>customer.subscription.updated</c>.</summary>
    string StripeEventType { get; }

    /// <summary>
    /// When Stripe created the event. Stripe does not deliver in order: a consumer keeps the newest state by
    /// refusing an update older than the one it already applied.
    /// </summary>
    DateTimeOffset StripeCreated { get; }

    /// <summary>Live mode (true) or test mode (false) at Stripe.</summary>
    bool Livemode { get; }

    /// <summary>The Stripe customer (<c>cus_…</c>), when the object names one.</summary>
    string? CustomerId { get; }

    /// <summary>True when support staff replayed the event; the state change applies again, side effects do not.</summary>
    bool IsReplay { get; }

    /// <summary>A replay that asks consumers to repeat side effects (notifications, mails) too.</summary>
    bool RepeatSideEffects { get; }
}
