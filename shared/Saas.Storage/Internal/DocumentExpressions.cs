using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Saas.Storage.Internal;

/// <summary>Expression plumbing both adapters share, so their filters and index names agree.</summary>
internal static class DocumentExpressions
{
    public static Expression<Func<T, bool>> ById<T>(string id) where T : IDocument => x => x.Id == id;

    public static Expression<Func<T, bool>> And<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right)
    {
        var body = new ParameterReplacer(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(left.Body, body), left.Parameters);
    }

    /// <summary>The member chain a selector reads, without the boxing/lifting conversions C# adds.</summary>
    public static MemberExpression Member(LambdaExpression selector)
    {
        var body = selector.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
        {
            body = convert.Operand;
        }

        for (var node = body; node != selector.Parameters[0]; node = ((MemberExpression)node).Expression!)
        {
            if (node is not MemberExpression { Member: PropertyInfo or FieldInfo })
            {
                throw new ArgumentException($"'{selector}' must select a property, e.g. x => x.Address.City.", nameof(selector));
            }
        }

        return body as MemberExpression
            ?? throw new ArgumentException($"'{selector}' must select a property, not the document.", nameof(selector));
    }

    /// <summary><c>x =&gt; x.Address.City</c> gives <c>Address_City</c>: a name valid in both databases.</summary>
    public static string IndexName(LambdaExpression selector)
    {
        var names = new Stack<string>();
        for (Expression? node = Member(selector); node is MemberExpression member; node = member.Expression)
        {
            names.Push(member.Member.Name);
        }

        return string.Join('_', names);
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>Compiled getter/setter of an incremented counter; cached because counters are hot paths.</summary>
internal sealed class CounterAccessor<T>(Func<T, long> get, Action<T, long> set)
{
    private static readonly ConcurrentDictionary<string, CounterAccessor<T>> Cache = new();

    public long Get(T document) => get(document);

    public void Set(T document, long value) => set(document, value);

    public static CounterAccessor<T> For(Expression<Func<T, long>> field) =>
        Cache.GetOrAdd(DocumentExpressions.IndexName(field), _ =>
        {
            var member = DocumentExpressions.Member(field);
            var value = Expression.Parameter(typeof(long), "value");
            var setter = Expression.Lambda<Action<T, long>>(Expression.Assign(member, value), field.Parameters[0], value);
            return new CounterAccessor<T>(field.Compile(), setter.Compile());
        });
}
