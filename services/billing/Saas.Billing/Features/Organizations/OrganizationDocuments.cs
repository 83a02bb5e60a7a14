using Saas.Storage;

namespace Saas.Billing.Features.Organizations;

/// <summary>
/// What billing knows of an organization (id = the organization's id): its name for the Stripe customer, and whether
/// it was deleted. A deleted one stays as a tombstone, so a membership event delivered late cannot bring it back.
/// </summary>
public sealed class OrganizationRecord : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string? Name { get; set; }

    public string? Slug { get; set; }

    public string? OwnerUserId { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One user's membership of one organization (id = <c>orgId|userId</c>), as of the highest <see cref="Sequence"/>
/// identity published. A left or removed member stays as a tombstone (<see cref="Role"/> null) with its sequence, so
/// an older "added" delivered after it is recognised as older and ignored.
/// </summary>
public sealed class OrganizationMember : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string OrganizationId { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary><c>owner</c>, <c>admin</c>, <c>member</c> or <c>viewer</c>; null once the user is no longer a member.</summary>
    public string? Role { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static string IdOf(string organizationId, string userId) => $"{organizationId}|{userId}";
}
