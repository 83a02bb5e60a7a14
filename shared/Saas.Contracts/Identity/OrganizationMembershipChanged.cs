namespace Saas.Contracts.Identity;

/// <summary>
/// A user's membership of an organization changed: they joined (creation, accepted invite), their role changed
/// (including an ownership transfer, which publishes one event per member whose role changed), or they left or
/// were removed (<see cref="Role"/> is null). Consumers keep the membership with the highest
/// <see cref="Sequence"/> per organization and user, so redeliveries and out-of-order deliveries never move it
/// backwards.
/// </summary>
public sealed record OrganizationMembershipChanged : IIntegrationEvent
{
    /// <inheritdoc />
    public required Guid EventId { get; init; }

    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The organization's id.</summary>
    public required string OrganizationId { get; init; }

    /// <summary>The member's user id.</summary>
    public required string UserId { get; init; }

    /// <summary><c>owner</c>, <c>admin</c>, <c>member</c> or <c>viewer</c>; null when the user is no longer a member.</summary>
    public string? Role { get; init; }

    /// <summary>
    /// Increases with every membership change within the organization (identity keeps one counter per
    /// organization); a consumer ignores an event whose sequence is not above the last one it applied for the
    /// same organization and user.
    /// </summary>
    public required long Sequence { get; init; }
}
