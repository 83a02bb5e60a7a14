namespace Saas.Contracts.Identity;

/// <summary>
/// A user created an organization and became its first <c>owner</c> (an <see cref="OrganizationMembershipChanged"/>
/// for that owner follows). Billing uses the name and slug for the organization's Stripe customer.
/// </summary>
public sealed record OrganizationCreated : IIntegrationEvent
{
    /// <inheritdoc />
    public required Guid EventId { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The organization's id (stable; the slug may not be).</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The organization's slug at creation (<c>^[a-z0-9-]+$</c>).</summary>
    public required string Slug { get; init; }

    /// <summary>The organization's display name at creation.</summary>
    public required string Name { get; init; }

    /// <summary>The user who created it.</summary>
    public required string OwnerUserId { get; init; }
}
