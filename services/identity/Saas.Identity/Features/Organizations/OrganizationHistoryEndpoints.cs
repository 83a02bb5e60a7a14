using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Security;

namespace Saas.Identity.Features.Organizations;

/// <summary>
/// What admin's customer timeline reads: an organization with its members (joined when, which role) and its
/// invitations (sent, accepted, revoked, expired), and the organizations a user belongs to. Internal key required.
/// </summary>
public static class OrganizationHistoryEndpoints
{
    private const int MaxOrganizations = 100;

    public static IEndpointRouteBuilder MapOrganizationHistoryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/internal").WithTags("Internal").ExcludeFromDescription()
            .RequireInternalApiKey(services => services.GetRequiredService<IOptions<AccountOptions>>().Value.InternalApiKey);
        group.MapGet("/organizations/{id}", GetAsync).WithSummary("One organization with its members and invitations, for staff.");
        group.MapGet("/users/{id}/organizations", ListForUserAsync).WithSummary("The organizations a user belongs to, for staff.");
        return routes;
    }

    public static async Task<Results<Ok<OrganizationHistoryResponse>, ProblemHttpResult>> GetAsync(
        string id, IdentityStore store, TimeProvider time, CancellationToken ct) =>
        await store.Organizations.GetAsync(id, ct) is { Deleted: false } organization
            ? TypedResults.Ok(new OrganizationHistoryResponse(OrganizationHistory.From(organization, time.GetUtcNow())))
            : ErrorResults.NotFound("Organization not found");

    public static async Task<Ok<OrganizationHistoryListResponse>> ListForUserAsync(string id, IdentityStore store, TimeProvider time, CancellationToken ct)
    {
        var organizations = await store.Organizations.FindAsync(o => o.MemberIds.Contains(id) && !o.Deleted,
            new() { SortBy = [new(o => o.CreatedAt)], Take = MaxOrganizations }, ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new OrganizationHistoryListResponse(organizations.Select(o => OrganizationHistory.From(o, now)).ToList()));
    }
}

public sealed record OrganizationHistoryResponse(OrganizationHistory Organization);

public sealed record OrganizationHistoryListResponse(IReadOnlyList<OrganizationHistory> Organizations);

public sealed record OrganizationHistory(
    string Id, string Name, string Slug, string CreatedBy, DateTimeOffset CreatedAt,
    IReadOnlyList<MemberHistory> Members, IReadOnlyList<InviteHistory> Invites, IReadOnlyList<FormerMemberHistory> FormerMembers)
{
    public static OrganizationHistory From(Organization o, DateTimeOffset now) => new(
        o.Id, o.Name, o.Slug, o.CreatedBy, o.CreatedAt,
        o.Members.Select(m => new MemberHistory(m.UserId, m.Role, m.JoinedAt)).ToList(),
        o.Invites.Select(i => new InviteHistory(i.Id, i.Email, i.Role, i.InvitedBy, i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.AcceptedBy,
            i.RevokedAt, i.Status(now))).ToList(),
        o.FormerMembers.Select(m => new FormerMemberHistory(m.UserId, m.Role, m.JoinedAt, m.LeftAt, m.RemovedBy)).ToList());
}

public sealed record FormerMemberHistory(string UserId, string Role, DateTimeOffset JoinedAt, DateTimeOffset LeftAt, string? RemovedBy);

public sealed record MemberHistory(string UserId, string Role, DateTimeOffset JoinedAt);

public sealed record InviteHistory(
    string Id, string Email, string Role, string InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt, string? AcceptedBy, DateTimeOffset? RevokedAt, string Status);
