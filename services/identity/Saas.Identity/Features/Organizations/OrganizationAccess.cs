using Microsoft.AspNetCore.Http.HttpResults;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Organizations;

/// <summary>Membership and role checks, and the small edits every member change makes.</summary>
public static class OrganizationAccess
{
    public static OrganizationMember? Member(this Organization organization, string userId) =>
        organization.Members.FirstOrDefault(m => m.UserId == userId);

    public static int OwnerCount(this Organization organization) =>
        organization.Members.Count(m => m.Role == OrganizationRoles.Owner);

    public static void AddMember(this Organization organization, string userId, string role, DateTimeOffset now)
    {
        organization.Members.Add(new OrganizationMember { UserId = userId, Role = role, JoinedAt = now });
        organization.MemberIds.Add(userId);
    }

    /// <param name="removedBy">Who removed the member; null when they left.</param>
    public static void RemoveMember(this Organization organization, string userId, string? removedBy, DateTimeOffset at)
    {
        if (organization.Member(userId) is { } member)
        {
            organization.FormerMembers.Add(new FormerMember
            {
                UserId = userId, Role = member.Role, JoinedAt = member.JoinedAt, LeftAt = at, RemovedBy = removedBy,
            });
            if (organization.FormerMembers.Count > FormerMember.Kept)
            {
                organization.FormerMembers.RemoveRange(0, organization.FormerMembers.Count - FormerMember.Kept);
            }
        }

        organization.Members.RemoveAll(m => m.UserId == userId);
        organization.MemberIds.Remove(userId);
    }

    /// <summary>
    /// The caller's membership, when their role is one of <paramref name="roles"/>. A non-member hears 404, as if
    /// the organization did not exist (its existence is not disclosed); a member without the role hears 403.
    /// </summary>
    public static ProblemHttpResult? Require(
        this Organization organization, string userId, IReadOnlyCollection<string> roles, out OrganizationMember member)
    {
        member = organization.Member(userId)!;
        if (member is null)
        {
            return OrganizationChanges.NotFound();
        }

        return roles.Contains(member.Role) ? null : Forbidden($"This requires the role {string.Join(" or ", roles)}; yours is {member.Role}");
    }

    /// <summary>
    /// A manager (owner or admin) acting on another member: the refusal when the caller is no manager, the member is
    /// not there, or the caller's role may not <paramref name="action"/> the member's (e.g. an admin and an owner).
    /// </summary>
    public static ProblemHttpResult? RequireManageable(
        this Organization organization, string callerId, string userId, string action, out OrganizationMember caller, out OrganizationMember target)
    {
        target = null!;
        if (organization.Require(callerId, OrganizationRoles.Managers, out caller) is { } refused)
        {
            return refused;
        }

        if (organization.Member(userId) is not { } member)
        {
            return MemberNotFound();
        }

        target = member;
        return OrganizationRoles.CanManage(caller.Role, target.Role) ? null : Forbidden($"An {caller.Role} cannot {action} an {target.Role}");
    }

    public static ProblemHttpResult Forbidden(string message) => ErrorResults.Error(StatusCodes.Status403Forbidden, message);

    public static ProblemHttpResult Conflict(string message, string? field = null) =>
        ErrorResults.Error(StatusCodes.Status409Conflict, message, field);

    public static ProblemHttpResult LastOwner() => Conflict(
        "The organization's last owner cannot leave, be removed or be demoted: make another member owner first, or delete the organization");

    public static ProblemHttpResult MemberNotFound() =>
        ErrorResults.Error(StatusCodes.Status404NotFound, "Member not found", "userId");
}
