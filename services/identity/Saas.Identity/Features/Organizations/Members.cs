using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Organizations;

/// <summary>Listing members, changing roles, removing, leaving, transferring ownership (rules in <see cref="OrganizationRoles"/>).</summary>
public static class Members
{
    public static async Task<Results<Ok<MemberListResponse>, ProblemHttpResult>> ListAsync(
        string orgId, ClaimsPrincipal principal, IdentityStore store, CancellationToken cancellationToken)
    {
        var organization = await store.Organizations.GetAsync(orgId, cancellationToken);
        if (organization is null || organization.Deleted || organization.Member(principal.GetUserId()!) is null)
        {
            return OrganizationChanges.NotFound();
        }

        return TypedResults.Ok(new MemberListResponse(await OrganizationResponses.MembersAsync(store, organization, cancellationToken)));
    }

    public static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> ChangeRoleAsync(
        string orgId,
        string userId,
        HttpRequest request,
        ClaimsPrincipal principal,
        IdentityStore store,
        OrganizationChanges changes,
        IOptions<AccountOptions> options,
        CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId()!;
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var role = body.String("role", maxLength: 32);
        if (role is not null && !OrganizationRoles.IsValid(role))
        {
            body.Fail<string>($"role must be one of {string.Join(", ", OrganizationRoles.All)}", "role");
        }

        if (body.Error is { } error)
        {
            return await ChangeOrganization.IsMemberAsync(store, orgId, callerId, cancellationToken) ? error : OrganizationChanges.NotFound();
        }

        var outcome = await changes.ApplyAsync(orgId, (organization, events) =>
        {
            if (organization.RequireManageable(callerId, userId, "change the role of", out var caller, out var target) is { } refused)
            {
                return refused;
            }

            if (!OrganizationRoles.CanGrant(caller.Role, role!))
            {
                return OrganizationAccess.Forbidden($"Only owners can grant the {role} role");
            }

            if (target.Role == OrganizationRoles.Owner && role != OrganizationRoles.Owner && organization.OwnerCount() == 1)
            {
                return OrganizationAccess.LastOwner();
            }

            if (target.Role != role)
            {
                target.Role = role!;
                events.MembershipChanged(target.UserId, role);
            }

            return null;
        }, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            return refusal;
        }

        var member = (await OrganizationResponses.MembersAsync(store, outcome.Organization!, cancellationToken)).First(m => m.UserId == userId);
        return TypedResults.Ok(member);
    }

    /// <summary>Removes a member; removing yourself is leaving.</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> RemoveAsync(
        string orgId, string userId, ClaimsPrincipal principal, OrganizationChanges changes, TimeProvider time, CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId()!;
        if (userId == callerId)
        {
            return await LeaveAsync(orgId, principal, changes, time, cancellationToken);
        }

        var outcome = await changes.ApplyAsync(orgId, (organization, events) =>
        {
            if (organization.RequireManageable(callerId, userId, "remove", out _, out _) is { } refused)
            {
                return refused;
            }

            organization.RemoveMember(userId, callerId, time.GetUtcNow());
            events.MembershipChanged(userId, null);
            return null;
        }, cancellationToken);
        return outcome.Refusal is { } refusal ? refusal : TypedResults.Ok(new MessageResponse("Member removed"));
    }

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> LeaveAsync(
        string orgId, ClaimsPrincipal principal, OrganizationChanges changes, TimeProvider time, CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId()!;
        var outcome = await changes.ApplyAsync(orgId, (organization, events) =>
        {
            if (organization.Require(callerId, OrganizationRoles.All, out var caller) is { } refused)
            {
                return refused;
            }

            if (caller.Role == OrganizationRoles.Owner && organization.OwnerCount() == 1)
            {
                return OrganizationAccess.LastOwner();
            }

            organization.RemoveMember(callerId, removedBy: null, time.GetUtcNow());
            events.MembershipChanged(callerId, null);
            return null;
        }, cancellationToken);
        return outcome.Refusal is { } refusal ? refusal : TypedResults.Ok(new MessageResponse("You left the organization"));
    }

    /// <summary>The named member becomes owner and the caller (an owner) becomes admin: one event for each.</summary>
    public static async Task<Results<Ok<MemberListResponse>, ProblemHttpResult>> TransferOwnershipAsync(
        string orgId,
        HttpRequest request,
        ClaimsPrincipal principal,
        IdentityStore store,
        OrganizationChanges changes,
        IOptions<AccountOptions> options,
        CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId()!;
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var userId = body.String("userId", maxLength: 64);
        if (userId == callerId)
        {
            body.Fail<string>("userId must be another member: you own the organization already", "userId");
        }

        if (body.Error is { } error)
        {
            return await ChangeOrganization.IsMemberAsync(store, orgId, callerId, cancellationToken) ? error : OrganizationChanges.NotFound();
        }

        var outcome = await changes.ApplyAsync(orgId, (organization, events) =>
        {
            if (organization.Require(callerId, [OrganizationRoles.Owner], out var caller) is { } refused)
            {
                return refused;
            }

            if (organization.Member(userId!) is not { } target)
            {
                return OrganizationAccess.MemberNotFound();
            }

            if (target.Role != OrganizationRoles.Owner)
            {
                target.Role = OrganizationRoles.Owner;
                events.MembershipChanged(target.UserId, OrganizationRoles.Owner);
            }

            caller.Role = OrganizationRoles.Admin;
            events.MembershipChanged(caller.UserId, OrganizationRoles.Admin);
            return null;
        }, cancellationToken);
        return outcome.Refusal is { } refusal
            ? refusal
            : TypedResults.Ok(new MemberListResponse(await OrganizationResponses.MembersAsync(store, outcome.Organization!, cancellationToken)));
    }
}
