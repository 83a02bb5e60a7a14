using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Identity.Storage;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Organizations;

/// <summary>
/// What deleting an account does to its organizations: refused (409, nothing changed) while the user is the last
/// owner of an organization that has other members; otherwise an organization where the user is alone is deleted
/// (<c>OrganizationDeleted</c>) and every other membership is removed (<c>OrganizationMembershipChanged</c>, role null).
/// </summary>
public sealed class AccountDeletion(IdentityStore store, OrganizationChanges changes, TimeProvider time)
{
    public async Task<ProblemHttpResult?> RefusalAsync(string userId, CancellationToken cancellationToken)
    {
        var blocking = (await ReadOrganizations.OfUserAsync(store, userId, cancellationToken)).Where(o => IsLastOwnerOfOthers(o, userId)).ToList();
        return blocking.Count == 0 ? null : ErrorResults.Error(StatusCodes.Status409Conflict,
            $"You are the last owner of {string.Join(", ", blocking.Select(o => $"'{o.Slug}'"))}, which has other members: " +
            "make another member owner, or delete the organization, before deleting your account");
    }

    /// <summary>
    /// Leaves or deletes every organization of <paramref name="userId"/>. Returns a refusal when, meanwhile, the
    /// user became the last owner of an organization with other members (that one is kept).
    /// </summary>
    public async Task<ProblemHttpResult?> LeaveAllAsync(string userId, CancellationToken cancellationToken)
    {
        foreach (var organization in await ReadOrganizations.OfUserAsync(store, userId, cancellationToken))
        {
            var outcome = await changes.ApplyAsync(organization.Id, (o, events) =>
            {
                if (o.Member(userId) is null)
                {
                    return null;
                }

                if (o.Members.Count == 1)
                {
                    return ChangeOrganization.MarkDeleted(o, events);
                }

                if (IsLastOwnerOfOthers(o, userId))
                {
                    return OrganizationAccess.LastOwner();
                }

                o.RemoveMember(userId, removedBy: null, time.GetUtcNow());
                events.MembershipChanged(userId, null);
                return null;
            }, cancellationToken);
            if (outcome.Refusal is { StatusCode: StatusCodes.Status409Conflict })
            {
                return await RefusalAsync(userId, cancellationToken) ?? outcome.Refusal;
            }
        }

        return null;
    }

    private static bool IsLastOwnerOfOthers(Organization organization, string userId) =>
        organization.Member(userId)?.Role == OrganizationRoles.Owner && organization.OwnerCount() == 1 && organization.Members.Count > 1;
}
