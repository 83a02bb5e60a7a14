using System.Linq.Expressions;
using Saas.Storage;

namespace Saas.Admin.Features.Audit;

/// <summary>What the audit log can be filtered by; empty members filter nothing.</summary>
public sealed record AuditFilter(string? Actor, string? Action, string? TargetId, DateTimeOffset? From, DateTimeOffset? To);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long Total, int Page, int Limit);

/// <summary>Reads the audit log newest first, for the API route and the console page.</summary>
public sealed class AuditSearch(AuditLog audit)
{
    public const int MaxLimit = 200;

    public async Task<AuditPage> FindAsync(AuditFilter f, int page, int limit, CancellationToken ct)
    {
        Expression<Func<AuditEntry, bool>> filter = e => true;
        if (f.Actor is { Length: > 0 } actor)
        {
            filter = And(filter, e => e.ActorId == actor || e.ActorEmail == actor);
        }

        if (f.Action is { Length: > 0 } action)
        {
            filter = And(filter, e => e.Action == action);
        }

        if (f.TargetId is { Length: > 0 } targetId)
        {
            filter = And(filter, e => e.TargetId == targetId);
        }

        if (f.From is { } start)
        {
            filter = And(filter, e => e.At >= start);
        }

        if (f.To is { } end)
        {
            filter = And(filter, e => e.At <= end);
        }

        var entries = await audit.Entries.FindAsync(filter,
            new QueryOptions<AuditEntry> { SortBy = [new(e => e.At, Descending: true), new(e => e.Id, Descending: true)], Skip = (page - 1) * limit, Take = limit }, ct);
        var total = await audit.Entries.CountAsync(filter, ct);
        return new AuditPage(entries, total, page, limit);
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
