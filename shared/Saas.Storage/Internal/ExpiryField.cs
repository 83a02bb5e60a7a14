using System.Linq.Expressions;

namespace Saas.Storage.Internal;

/// <summary>
/// The expiry member of a collection. Filters are built as LINQ expressions so each adapter translates them
/// with its own serializer: a hand-written query could disagree with how the adapter stores the date.
/// </summary>
internal sealed class ExpiryField<T>
{
    private readonly MemberExpression member;
    private readonly ParameterExpression parameter;
    private readonly Func<T, DateTimeOffset?> read;

    public ExpiryField(Expression<Func<T, DateTimeOffset?>> selector)
    {
        member = DocumentExpressions.Member(selector);
        if (member.Type != typeof(DateTimeOffset) && member.Type != typeof(DateTimeOffset?))
        {
            throw new ArgumentException("The expiry member must be a DateTimeOffset or DateTimeOffset?.", nameof(selector));
        }

        Selector = selector;
        parameter = selector.Parameters[0];
        read = selector.Compile();
        IndexName = DocumentExpressions.IndexName(selector);
    }

    public Expression<Func<T, DateTimeOffset?>> Selector { get; }

    public string IndexName { get; }

    public bool IsExpired(T document, DateTimeOffset now) => read(document) is { } expiresAt && expiresAt <= now;

    public Expression<Func<T, bool>> Alive(DateTimeOffset now) =>
        member.Type == typeof(DateTimeOffset)
            ? Lambda(Expression.GreaterThan(member, Now(now)))
            : Lambda(Expression.OrElse(Expression.Equal(member, Null()), Expression.GreaterThan(member, Now(now))));

    // The null test matters in SQL too: a missing date is no expiry, never "expired".
    public Expression<Func<T, bool>> Expired(DateTimeOffset now) =>
        member.Type == typeof(DateTimeOffset)
            ? Lambda(Expression.LessThanOrEqual(member, Now(now)))
            : Lambda(Expression.AndAlso(Expression.NotEqual(member, Null()), Expression.LessThanOrEqual(member, Now(now))));

    public Expression<Func<T, bool>> Visible(Expression<Func<T, bool>> filter, DateTimeOffset now) =>
        DocumentExpressions.And(filter, Alive(now));

    private ConstantExpression Now(DateTimeOffset now) => Expression.Constant(now, member.Type);

    private ConstantExpression Null() => Expression.Constant(null, member.Type);

    private Expression<Func<T, bool>> Lambda(Expression body) => Expression.Lambda<Func<T, bool>>(body, parameter);
}
