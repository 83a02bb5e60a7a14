namespace Saas.Contracts.Identity;

/// <summary>A user changed their e-mail address (billing keeps the Stripe customer's e-mail in step).</summary>
public sealed record UserEmailChanged : IIntegrationEvent
{
    /// <inheritdoc />
    public required Guid EventId { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The user's id.</summary>
    public required string UserId { get; init; }

    /// <summary>The address before the change.</summary>
    public required string OldEmail { get; init; }

    /// <summary>The new address, lowercased and trimmed; not verified yet.</summary>
    public required string NewEmail { get; init; }

    /// <summary>The user's Stripe customer, when they have one.</summary>
    public string? StripeCustomerId { get; init; }
}
