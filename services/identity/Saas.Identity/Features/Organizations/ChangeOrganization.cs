using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Contracts.Identity;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Organizations;

public static class ChangeOrganization
{
    /// <summary>Renames (the slug stays: it is the organization's address and billing's customer key).</summary>
    public static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> RenameAsync(
        string orgId,
        HttpRequest request,
        ClaimsPrincipal principal,
        IdentityStore store,
        OrganizationChanges changes,
        IOptions<AccountOptions> options,
        CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId()!;
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var name = CreateOrganization.ReadName(body);
        if (body.Error is { } error)
        {
            // A non-member learns nothing, not even that the body was wrong.
            return await IsMemberAsync(store, orgId, userId, cancellationToken) ? error : OrganizationChanges.NotFound();
        }

        var outcome = await changes.ApplyAsync(orgId, (organization, events) =>
        {
            if (organization.Require(userId, OrganizationRoles.Managers, out _) is { } refused)
            {
                return refused;
            }

            organization.Name = name!;
            return null;
        }, cancellationToken);
        return outcome.Refusal is { } refusal
            ? refusal
            : TypedResults.Ok(await OrganizationResponses.DetailAsync(store, outcome.Organization!, userId, cancellationToken));
    }

    /// <summary>
    /// Marks the organization deleted together with its <see cref="OrganizationDeleted"/>; the flush then removes
    /// the document and its invitation tokens. Its memberships go with it: no per-member events.
    /// </summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> DeleteAsync(
        string orgId, ClaimsPrincipal principal, OrganizationChanges changes, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId()!;
        var outcome = await changes.ApplyAsync(orgId, (organization, events) =>
            organization.Require(userId, [OrganizationRoles.Owner], out _) ?? MarkDeleted(organization, events), cancellationToken);
        return outcome.Refusal is { } refusal ? refusal : TypedResults.Ok(new MessageResponse("Organization deleted"));
    }

    internal static ProblemHttpResult? MarkDeleted(Organization organization, EventStaging events)
    {
        organization.Deleted = true;
        events.Add(new OrganizationDeleted
        {
            EventId = Guid.NewGuid(), OccurredAt = events.Now, OrganizationId = organization.Id, Slug = organization.Slug,
        });
        return null;
    }

    internal static async Task<bool> IsMemberAsync(IdentityStore store, string orgId, string userId, CancellationToken cancellationToken) =>
        await store.Organizations.GetAsync(orgId, cancellationToken) is { Deleted: false } organization && organization.Member(userId) is not null;
}
