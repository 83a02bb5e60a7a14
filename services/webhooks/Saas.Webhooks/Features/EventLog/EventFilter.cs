using System.Linq.Expressions;

namespace Saas.Webhooks.Features.EventLog;

/// <summary>What support staff filter the event log by; <see cref="From"/>/<see cref="To"/> bound Stripe's <c>created</c>.</summary>
public sealed record EventFilter(string? Status, string? Type, string? Customer, DateTimeOffset? From, DateTimeOffset? To)
{
    public bool IsEmpty => Status is null && Type is null && Customer is null && From is null && To is null;

    /// <summary>Null when valid, else the problem.</summary>
    public string? Problem => Status is not null && !EventStatus.All.Contains(Status)
        ? $"status must be one of {string.Join(", ", EventStatus.All)}"
        : From > To ? "from must not be after to" : null;

    /// <summary>
    /// One predicate per criterion, and-ed together: the storage adapters translate plain comparisons, not
    /// "parameter is null or matches" tricks.
    /// </summary>
    public Expression<Func<StripeEventDocument, bool>> ToPredicate()
    {
        Expression<Func<StripeEventDocument, bool>> predicate = e => true;
        if (Status is { } status)
        {
            predicate = And(predicate, e => e.Status == status);
        }

        if (Type is { } type)
        {
            predicate = And(predicate, e => e.EventType == type);
        }

        if (Customer is { } customer)
        {
            predicate = And(predicate, e => e.CustomerId == customer);
        }

        if (From is { } from)
        {
            predicate = And(predicate, e => e.StripeCreated >= from);
        }

        if (To is { } to)
        {
            predicate = And(predicate, e => e.StripeCreated <= to);
        }

        return predicate;
    }

    public static Expression<Func<StripeEventDocument, bool>> And(
        Expression<Func<StripeEventDocument, bool>> left, Expression<Func<StripeEventDocument, bool>> right)
    {
        var parameter = left.Parameters[0];
        var body = new ParameterSwap(right.Parameters[0], parameter).Visit(right.Body);
        // Drop the "e => true" seed so adapters see only real comparisons.
        return left.Body is ConstantExpression { Value: true }
            ? Expression.Lambda<Func<StripeEventDocument, bool>>(body, parameter)
            : Expression.Lambda<Func<StripeEventDocument, bool>>(Expression.AndAlso(left.Body, body), parameter);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
