using Saas.Identity.Storage;

namespace Saas.Identity.Features.Organizations;

/// <summary>One organization as its members see it: <see cref="Role"/> is the caller's.</summary>
public sealed record OrganizationResponse(
    string Id, string Name, string Slug, string Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<MemberResponse> Members);

public sealed record OrganizationSummary(string Id, string Name, string Slug, string Role, int MemberCount, DateTimeOffset CreatedAt);

public sealed record OrganizationListResponse(IReadOnlyList<OrganizationSummary> Organizations);

/// <summary><see cref="Name"/> and <see cref="Email"/> are the member's current ones (null only for a vanished account).</summary>
public sealed record MemberResponse(string UserId, string? Name, string? Email, string Role, DateTimeOffset JoinedAt);

public sealed record MemberListResponse(IReadOnlyList<MemberResponse> Members);

/// <summary><see cref="Status"/>: pending, accepted, revoked or expired.</summary>
public sealed record InviteResponse(
    string Id, string OrganizationId, string Email, string Role, string Status, string InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record InviteListResponse(IReadOnlyList<InviteResponse> Invites);

internal static class OrganizationResponses
{
    public static async Task<OrganizationResponse> DetailAsync(
        IdentityStore store, Organization organization, string callerId, CancellationToken cancellationToken) =>
        new(organization.Id, organization.Name, organization.Slug, organization.Member(callerId)?.Role ?? "",
            organization.CreatedAt, organization.UpdatedAt, await MembersAsync(store, organization, cancellationToken));

    public static OrganizationSummary Summary(Organization organization, string callerId) =>
        new(organization.Id, organization.Name, organization.Slug, organization.Member(callerId)?.Role ?? "",
            organization.Members.Count, organization.CreatedAt);

    /// <summary>Members with their current name and address, owners first, then by joining time.</summary>
    public static async Task<IReadOnlyList<MemberResponse>> MembersAsync(
        IdentityStore store, Organization organization, CancellationToken cancellationToken)
    {
        var members = new List<MemberResponse>();
        foreach (var member in organization.Members
                     .OrderBy(m => Array.IndexOf(OrganizationRoles.All, m.Role)).ThenBy(m => m.JoinedAt))
        {
            var user = await store.Users.GetAsync(member.UserId, cancellationToken);
            members.Add(new MemberResponse(member.UserId, user?.Name, user?.Email, member.Role, member.JoinedAt));
        }

        return members;
    }

    public static InviteResponse Invite(Organization organization, OrganizationInvite invite, DateTimeOffset now) =>
        new(invite.Id, organization.Id, invite.Email, invite.Role, invite.Status(now), invite.InvitedBy, invite.CreatedAt, invite.ExpiresAt);
}
