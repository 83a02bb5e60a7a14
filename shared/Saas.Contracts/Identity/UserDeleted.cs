namespace Saas.Contracts.Identity;

/// <summary>
/// A user deleted their account; identity has already removed its data. Other services remove theirs
/// (billing cancels the Stripe subscription of <see cref="StripeCustomerId"/>).
/// </summary>
public sealed record UserDeleted : IIntegrationEvent
{
    /// <inheritdoc />
    public required Guid EventId { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The deleted user's id.</summary>
    public required string UserId { get; init; }

    /// <summary>The address the account had.</summary>
    public required string Email { get; init; }

    /// <summary>The user's Stripe customer, when they had one.</summary>
    public string? StripeCustomerId { get; init; }

    /// <summary>The user's Stripe subscription, when they had one.</summary>
    public string? StripeSubscriptionId { get; init; }
}
