namespace Saas.Contracts.Webhooks;

/// <summary>
/// The envelope fields every event translated from a Stripe webhook carries, declared once. On the wire each event is
/// still one flat JSON object with these fields beside its own; a derived type names its Stripe event type as the
/// default of <see cref="StripeEventType"/> when it stands for exactly one.
/// </summary>
public abstract record StripeIntegrationEvent : IStripeIntegrationEvent
{
    /// <inheritdoc />
    public Guid EventId { get; init; }

    /// <inheritdoc />
    public DateTimeOffset OccurredAt { get; init; }

    /// <inheritdoc />
    public string StripeEventId { get; init; } = "";

    /// <inheritdoc />
    public virtual string StripeEventType { get; init; } = "";

    /// <inheritdoc />
    public DateTimeOffset StripeCreated { get; init; }

    /// <inheritdoc />
    public bool Livemode { get; init; }

    /// <inheritdoc />
    public string? CustomerId { get; init; }

    /// <inheritdoc />
    public bool IsReplay { get; init; }

    /// <inheritdoc />
    public bool RepeatSideEffects { get; init; }
}
