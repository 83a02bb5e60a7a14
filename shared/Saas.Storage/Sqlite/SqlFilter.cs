using System.Collections;
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Saas.Storage.Internal;

namespace Saas.Storage.Sqlite;

/// <summary>
/// Translates the LINQ subset the port documents into a SQL WHERE clause over <c>json_extract</c>: comparisons,
/// &amp;&amp;/||/!, bool members, null tests, <c>string.Contains/StartsWith/EndsWith</c>, a list member's
/// <c>Contains(v)</c> and a captured list's <c>Contains(x.Member)</c>. Values are bound as parameters, written the
/// way the document serializer writes them. Parts that do not read the document were evaluated beforehand
/// (<see cref="LocalEvaluation"/>); anything else is refused rather than silently matched wrong.
/// </summary>
internal sealed class SqlFilter
{
    private readonly ParameterExpression document;
    private readonly Func<string, string?> itemsTable;
    private readonly List<(string Name, object? Value)> arguments;

    private SqlFilter(ParameterExpression document, Func<string, string?> itemsTable, List<(string, object?)> arguments)
    {
        this.document = document;
        this.itemsTable = itemsTable;
        this.arguments = arguments;
    }

    /// <summary>
    /// The WHERE clause for a filter; its values are appended to the arguments. <c>itemsTable</c> gives the side
    /// table indexing a list's items, by index name, or null when there is none.
    /// </summary>
    public static string Where<T>(
        Expression<Func<T, bool>> filter, Func<string, string?> itemsTable, List<(string Name, object? Value)> arguments) =>
        new SqlFilter(filter.Parameters[0], itemsTable, arguments).Predicate(LocalEvaluation.Apply(filter).Body);

    /// <summary>The SQL reading a sort key.</summary>
    public static string Key(LambdaExpression key) => SqliteSchema.Column(key);

    public static void Bind(SqliteCommand command, List<(string Name, object? Value)> arguments)
    {
        foreach (var (name, value) in arguments)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private string Predicate(Expression node) => node switch
    {
        BinaryExpression { NodeType: ExpressionType.AndAlso } and => $"({Predicate(and.Left)} AND {Predicate(and.Right)})",
        BinaryExpression { NodeType: ExpressionType.OrElse } or => $"({Predicate(or.Left)} OR {Predicate(or.Right)})",
        // NULL (a missing member) would make NOT NULL; C# and MongoDB count "not (missing > 5)" as a match.
        UnaryExpression { NodeType: ExpressionType.Not } not => $"(NOT coalesce({Predicate(not.Operand)}, 0))",
        BinaryExpression binary when Comparisons.ContainsKey(binary.NodeType) => Comparison(binary),
        ConstantExpression { Value: bool constant } => constant ? "1" : "0",
        MemberExpression { Member.Name: "HasValue" } has when Nullable.GetUnderlyingType(has.Expression!.Type) is not null =>
            $"({Column(has.Expression)} IS NOT NULL)",
        MemberExpression member when member.Type == typeof(bool) => $"({Column(member)} = 1)",
        MethodCallExpression call => Call(call),
        _ => throw Unsupported(node),
    };

    private static readonly Dictionary<ExpressionType, (string Sql, string Mirrored)> Comparisons = new()
    {
        [ExpressionType.Equal] = ("=", "="),
        [ExpressionType.NotEqual] = ("IS NOT", "IS NOT"),
        [ExpressionType.LessThan] = ("<", ">"),
        [ExpressionType.LessThanOrEqual] = ("<=", ">="),
        [ExpressionType.GreaterThan] = (">", "<"),
        [ExpressionType.GreaterThanOrEqual] = (">=", "<="),
    };

    private string Comparison(BinaryExpression binary)
    {
        var (left, right) = (StripConvert(binary.Left), StripConvert(binary.Right));
        var (sql, mirrored) = Comparisons[binary.NodeType];
        if (left is ConstantExpression && right is not ConstantExpression)
        {
            (left, right, sql) = (right, left, mirrored);
        }

        if (right is not ConstantExpression constant)
        {
            return $"({Column(left)} {sql} {Column(right)})";
        }

        var column = Column(left);
        var value = SqliteSchema.SqlValue(constant.Value, left.Type);
        return (value, binary.NodeType) switch
        {
            (null, ExpressionType.Equal) => $"({column} IS NULL)",
            (null, ExpressionType.NotEqual) => $"({column} IS NOT NULL)",
            (null, _) => "0",
            // IS NOT: a document lacking the member differs from the value, as in C# and MongoDB.
            _ => $"({column} {sql} {Argument(value)})",
        };
    }

    private string Call(MethodCallExpression call)
    {
        if (call.Method.DeclaringType == typeof(string) && call.Object is { } text && call.Arguments.Count == 1
            && call.Arguments[0] is ConstantExpression { Value: string part })
        {
            var column = Column(text);
            var argument = Argument(part);
            return call.Method.Name switch
            {
                // instr and substr compare exactly: no LIKE wildcards, no case folding (the port is ordinal).
                nameof(string.Contains) => $"(instr({column}, {argument}) > 0)",
                nameof(string.StartsWith) => $"(substr({column}, 1, length({argument})) = {argument})",
                nameof(string.EndsWith) when part.Length == 0 => $"({column} IS NOT NULL)",
                nameof(string.EndsWith) => $"(substr({column}, -length({argument})) = {argument})",
                _ => throw Unsupported(call),
            };
        }

        if (call.Method.Name == nameof(string.IsNullOrEmpty) && call.Method.DeclaringType == typeof(string))
        {
            return $"(coalesce({Column(call.Arguments[0])}, '') = '')";
        }

        if (call.Method.Name == nameof(Enumerable.Contains) && ContainsArguments(call) is var (source, item))
        {
            return ListContains(StripConvert(source), StripConvert(item), call);
        }

        throw Unsupported(call);
    }

    private static (Expression Source, Expression Item)? ContainsArguments(MethodCallExpression call) => call switch
    {
        { Object: null, Arguments.Count: 2 } when call.Method.DeclaringType == typeof(Enumerable) => (call.Arguments[0], call.Arguments[1]),
        { Object: { } list, Arguments.Count: 1 } when typeof(IEnumerable).IsAssignableFrom(list.Type) && list.Type != typeof(string) =>
            (list, call.Arguments[0]),
        _ => null,
    };

    private string ListContains(Expression source, Expression item, MethodCallExpression call)
    {
        if (source is ConstantExpression { Value: IEnumerable values } && item is not ConstantExpression)
        {
            // A captured list holding a member's value: IN over the values.
            var column = Column(item);
            var list = values.Cast<object?>().Select(v => SqliteSchema.SqlValue(v, item.Type)).Where(v => v is not null).ToList();
            var hasNull = values.Cast<object?>().Any(v => v is null);
            var inList = list.Count == 0 ? "0" : $"{column} IN ({string.Join(", ", list.Select(Argument))})";
            return hasNull ? $"({inList} OR {column} IS NULL)" : $"({inList})";
        }

        if (source is MemberExpression listMember && item is ConstantExpression element)
        {
            var value = Argument(SqliteSchema.SqlValue(element.Value, item.Type));
            var index = DocumentExpressions.IndexName(Expression.Lambda(listMember, document));
            return itemsTable(index) is { } table
                ? $"(id IN (SELECT id FROM {SqliteSchema.Quote(table)} WHERE value = {value}))"
                : $"(EXISTS (SELECT 1 FROM json_each(doc, '{JsonPath(listMember)}') WHERE value = {value}))";
        }

        throw Unsupported(call);
    }

    private string JsonPath(MemberExpression member)
    {
        var column = Column(member);
        const string prefix = "json_extract(doc,'";
        return column.StartsWith(prefix, StringComparison.Ordinal) ? column[prefix.Length..^2] : throw Unsupported(member);
    }

    private string Column(Expression node) => StripConvert(node) is MemberExpression member
        ? SqliteSchema.Column(member, document)
        : throw Unsupported(node);

    private string Argument(object? value)
    {
        var name = $"@p{arguments.Count}";
        arguments.Add((name, value));
        return name;
    }

    private static Expression StripConvert(Expression node)
    {
        while (node is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert
               && !(convert.Operand is ConstantExpression))
        {
            node = convert.Operand;
        }

        return node;
    }

    private static NotSupportedException Unsupported(Expression node) => new(
        $"The SQLite store cannot translate '{node}'. Keep filters to comparisons of members with values, &&, ||, !, " +
        "null tests, string Contains/StartsWith/EndsWith and Contains on lists.");
}
