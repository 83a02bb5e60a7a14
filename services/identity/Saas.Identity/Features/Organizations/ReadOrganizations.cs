using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Identity.Storage;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Organizations;

public static class ReadOrganizations
{
    public static async Task<Ok<OrganizationListResponse>> ListMineAsync(
        ClaimsPrincipal principal, IdentityStore store, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId()!;
        var mine = await OfUserAsync(store, userId, cancellationToken);
        return TypedResults.Ok(new OrganizationListResponse([.. mine.Select(o => OrganizationResponses.Summary(o, userId))]));
    }

    public static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> GetBySlugAsync(
        string slug, ClaimsPrincipal principal, IdentityStore store, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId()!;
        var organization = (await store.Organizations.FindAsync(o => o.Slug == slug && !o.Deleted, cancellationToken: cancellationToken))
            .FirstOrDefault();
        if (organization is null || organization.Member(userId) is null)
        {
            return OrganizationChanges.NotFound();
        }

        return TypedResults.Ok(await OrganizationResponses.DetailAsync(store, organization, userId, cancellationToken));
    }

    /// <summary>The organizations <paramref name="userId"/> belongs to, oldest first.</summary>
    public static Task<IReadOnlyList<Organization>> OfUserAsync(IdentityStore store, string userId, CancellationToken cancellationToken) =>
        store.Organizations.FindAsync(o => o.MemberIds.Contains(userId) && !o.Deleted,
            new QueryOptions<Organization> { SortBy = [new(o => o.CreatedAt)] }, cancellationToken);
}
