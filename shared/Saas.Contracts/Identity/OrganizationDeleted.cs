namespace Saas.Contracts.Identity;

/// <summary>
/// The owner deleted an organization; identity has removed its memberships and invitations. Billing cancels the
/// organization's Stripe subscription and forgets its members.
/// </summary>
public sealed record OrganizationDeleted : IIntegrationEvent
{
    /// <inheritdoc />
    public required Guid EventId { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The deleted organization's id.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The slug it had.</summary>
    public required string Slug { get; init; }

}
