using System.Linq.Expressions;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Admin.Features.Audit;

public static class AuditEndpoints
{
    private const string RoutePrefix = "/api/admin/audit-log";
    private const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(RoutePrefix, ListAsync).WithTags("Admin").RequireAuthorization(StaffAuthentication.AdminPolicy)
            .WithSummary("Staff actions, newest first; filter by actor, action, target, time.");
        return routes;
    }

    public static async Task<IResult> ListAsync(
        AuditLog audit, string? actor, string? action, string? targetId, DateTimeOffset? from, DateTimeOffset? to,
        CancellationToken ct, int page = 1, int limit = 50)
    {
        if (page < 1 || limit is < 1 or > MaxLimit)
        {
            return ErrorResults.BadRequest($"page must be at least 1 and limit between 1 and {MaxLimit}");
        }

        Expression<Func<AuditEntry, bool>> filter = e => true;
        if (actor is { Length: > 0 })
        {
            filter = And(filter, e => e.ActorId == actor || e.ActorEmail == actor);
        }

        if (action is { Length: > 0 })
        {
            filter = And(filter, e => e.Action == action);
        }

        if (targetId is { Length: > 0 })
        {
            filter = And(filter, e => e.TargetId == targetId);
        }

        if (from is { } start)
        {
            filter = And(filter, e => e.At >= start);
        }

        if (to is { } end)
        {
            filter = And(filter, e => e.At <= end);
        }

        var entries = await audit.Entries.FindAsync(filter,
            new QueryOptions<AuditEntry> { SortBy = [new(e => e.At, Descending: true)], Skip = (page - 1) * limit, Take = limit }, ct);
        var total = await audit.Entries.CountAsync(filter, ct);
        return TypedResults.Ok(new AuditPage(entries, total, page, limit));
    }

    private static Expression<Func<AuditEntry, bool>> And(
        Expression<Func<AuditEntry, bool>> left, Expression<Func<AuditEntry, bool>> right)
    {
        var parameter = left.Parameters[0];
        var body = new ParameterSwap(right.Parameters[0], parameter).Visit(right.Body);
        // Drop the "e => true" seed so the store sees only real comparisons.
        return left.Body is ConstantExpression { Value: true }
            ? Expression.Lambda<Func<AuditEntry, bool>>(body, parameter)
            : Expression.Lambda<Func<AuditEntry, bool>>(Expression.AndAlso(left.Body, body), parameter);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long Total, int Page, int Limit);
