using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Saas.Storage.Internal;

namespace Saas.Storage.Sqlite;

/// <summary>
/// Names and SQL shapes of the tables: one table per collection (<c>id</c>, <c>version</c>, <c>doc</c> as JSON),
/// indexes named <c>collection$Index</c>, and per indexed list a side table <c>collection$Index$items</c> that
/// triggers keep in step, so <c>x.Tags.Contains(v)</c> seeks. <c>$</c> cannot occur in a collection name
/// (see <see cref="CollectionCache"/>), so these names never collide with a collection.
/// </summary>
internal static class SqliteSchema
{
    public const string IdColumn = "id";
    public const string VersionColumn = "version";

    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string CreateTable(string collection) =>
        $"CREATE TABLE IF NOT EXISTS {Quote(collection)} (id TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)";

    public static string IndexName(string collection, string index) => $"{collection}${index}";

    public static string ItemsTable(string collection, string index) => $"{collection}${index}$items";

    /// <summary>
    /// The SQL that reads a member: the <c>id</c>/<c>version</c> columns, or <c>json_extract(doc,'$.a.b')</c>. Index
    /// definitions and queries both come from here: SQLite uses an expression index only for the identical expression.
    /// </summary>
    public static string Column(MemberExpression member, ParameterExpression document)
    {
        var names = new Stack<string>();
        Expression? node = member;
        while (node is MemberExpression current)
        {
            if (!(current.Member.Name == "Value" && Nullable.GetUnderlyingType(current.Expression!.Type) is not null))
            {
                names.Push(JsonName(current.Member));
            }

            node = current.Expression;
        }

        if (node != document)
        {
            throw new NotSupportedException($"'{member}' must read a member of the document, e.g. x => x.Address.City.");
        }

        if (names.Count == 1 && member.Expression == document && typeof(IDocument).IsAssignableFrom(document.Type))
        {
            if (member.Member.Name == nameof(IDocument.Id))
            {
                return IdColumn;
            }

            if (member.Member.Name == nameof(IDocument.Version))
            {
                return VersionColumn;
            }
        }

        return $"json_extract(doc,'$.{string.Join('.', names)}')";
    }

    public static string Column(LambdaExpression selector) => Column(DocumentExpressions.Member(selector), selector.Parameters[0]);

    /// <summary>The member's name in the stored JSON: what System.Text.Json writes (attributes, then camelCase).</summary>
    private static string JsonName(MemberInfo member)
    {
        var info = SqliteJson.Options.GetTypeInfo(member.DeclaringType!);
        var property = info.Properties.FirstOrDefault(p => p.AttributeProvider is MemberInfo m && m.Name == member.Name);
        return property?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }

    /// <summary>A value as SQLite sees it in the JSON: what <c>json_extract</c> returns for it.</summary>
    public static object? SqlValue(object? value, Type memberType)
    {
        var underlying = Nullable.GetUnderlyingType(memberType) ?? memberType;
        if (value is not null && underlying.IsEnum && !value.GetType().IsEnum)
        {
            value = Enum.ToObject(underlying, value);
        }

        var element = JsonSerializer.SerializeToElement(value, value?.GetType() ?? memberType, SqliteJson.Options);
        return element.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => 1L,
            JsonValueKind.False => 0L,
            JsonValueKind.Number when element.TryGetInt64(out var whole) => whole,
            JsonValueKind.Number => element.GetDouble(),
            _ => element.GetRawText(),
        };
    }

    /// <summary>Maps a constraint error to the port's exception; null for any other error.</summary>
    public static DuplicateKeyException? Duplicate(SqliteException error, string collection)
    {
        // 1555 = SQLITE_CONSTRAINT_PRIMARYKEY, 2067 = SQLITE_CONSTRAINT_UNIQUE.
        if (error.SqliteErrorCode != 19 || error.SqliteExtendedErrorCode is not (1555 or 2067))
        {
            return null;
        }

        var message = error.Message;
        var marker = message.IndexOf("index '", StringComparison.Ordinal);
        if (marker < 0)
        {
            return new DuplicateKeyException(collection, "_id", error);
        }

        // "index 'customers$Email'" or "'customers$Email$null'" (the one-missing-value rule): the port's name is the middle.
        var start = marker + 7;
        var end = message.IndexOf('\'', start);
        var name = message[start..(end < 0 ? message.Length : end)].Split('$');
        return new DuplicateKeyException(collection, name.Length > 1 ? name[1] : name[0], error);
    }
}
