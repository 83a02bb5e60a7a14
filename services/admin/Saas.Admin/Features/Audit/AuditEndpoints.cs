using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults.Errors;

namespace Saas.Admin.Features.Audit;

public static class AuditEndpoints
{
    private const string RoutePrefix = "/api/admin/audit-log";

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(RoutePrefix, ListAsync).WithTags("Admin").RequireAuthorization(StaffAuthentication.AdminPolicy)
            .WithSummary("Staff actions, newest first; filter by actor, action, target, time.");
        return routes;
    }

    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(
        AuditSearch search, string? actor, string? action, string? targetId, DateTimeOffset? from, DateTimeOffset? to,
        CancellationToken ct, int page = 1, int limit = 50)
    {
        if (page < 1 || limit is < 1 or > AuditSearch.MaxLimit)
        {
            return ErrorResults.BadRequest($"page must be at least 1 and limit between 1 and {AuditSearch.MaxLimit}");
        }

        return TypedResults.Ok(await search.FindAsync(new AuditFilter(actor, action, targetId, from, to), page, limit, ct));
    }
}
