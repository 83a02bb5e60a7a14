using Saas.ServiceDefaults.Messaging;
using Saas.Storage;

namespace Saas.Identity.Features.Organizations;

/// <summary>
/// An organization with everything that must change together: its members, its invitations, its membership
/// sequence and the events a change publishes. One document, so a change and its events commit in one
/// compare-and-swap write (the store has no multi-document transactions), and the last-owner rule is checked
/// against the version that is written.
/// </summary>
public sealed class Organization : IHasPendingEvents
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Unique (index), <c>^[a-z0-9-]+$</c>; never changes.</summary>
    public string Slug { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<OrganizationMember> Members { get; set; } = [];

    /// <summary>The members' user ids again, so the store can find a user's organizations with one filter.</summary>
    public List<string> MemberIds { get; set; } = [];

    /// <summary>Pending invitations, and recent answered ones (pruned after <see cref="OrganizationInvite.KeptFor"/>).</summary>
    public List<OrganizationInvite> Invites { get; set; } = [];

    /// <summary>Members who left or were removed, newest last (the newest <see cref="FormerMember.Kept"/>): staff's timeline.</summary>
    public List<FormerMember> FormerMembers { get; set; } = [];

    /// <summary>The last <c>Sequence</c> given to an <c>OrganizationMembershipChanged</c> of this organization.</summary>
    public long MembershipSequence { get; set; }

    /// <summary>Deleted, waiting for its last events to be published; invisible to every route.</summary>
    public bool Deleted { get; set; }

    /// <summary>Events committed with the change they describe, published by the relay right after the write.</summary>
    public List<PendingEvent> PendingEvents { get; set; } = [];

    /// <summary>Whether <see cref="PendingEvents"/> has any: what the relay's sweep filters on.</summary>
    public bool HasPendingEvents { get; set; }
}

public sealed class OrganizationMember
{
    public string UserId { get; set; } = "";

    public string Role { get; set; } = OrganizationRoles.Member;

    public DateTimeOffset JoinedAt { get; set; }
}

public sealed class FormerMember
{
    public const int Kept = 200;

    public string UserId { get; set; } = "";

    public string Role { get; set; } = OrganizationRoles.Member;

    public DateTimeOffset JoinedAt { get; set; }

    public DateTimeOffset LeftAt { get; set; }

    /// <summary>Who removed them; null when they left (or their account was deleted).</summary>
    public string? RemovedBy { get; set; }
}

public sealed class OrganizationInvite
{
    /// <summary>How long accepted, revoked and expired invitations stay listed in the document.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    public string Id { get; set; } = "";

    /// <summary>Lowercased and trimmed, as user addresses are.</summary>
    public string Email { get; set; } = "";

    public string Role { get; set; } = OrganizationRoles.Member;

    public string InvitedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public string? AcceptedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsPending(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;

    public string Status(DateTimeOffset now) =>
        AcceptedAt is not null ? "accepted" : RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "pending";
}

/// <summary>
/// Finds an invitation from its token: the id is the token's SHA-256 (the token itself is never stored). Written
/// before the invitation joins its organization; one whose invitation never committed leads nowhere.
/// </summary>
public sealed class InviteToken : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string OrganizationId { get; set; } = "";

    public string InviteId { get; set; } = "";

    /// <summary>When the store may forget the token (well after it expired, so a late click still hears "expired").</summary>
    public DateTimeOffset PurgeAt { get; set; }
}
