using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using MongoDB.Bson;

namespace Saas.Storage.Internal;

internal static class DocumentIds
{
    /// <summary>ObjectId-shaped so ids look like the ones already in MongoDB, and sort by creation time.</summary>
    public static string New() => ObjectId.GenerateNewId().ToString();
}

/// <summary>
/// One collection object per name, so per-collection state (write lock, expiry field) is shared by every caller.
/// </summary>
internal sealed partial class CollectionCache
{
    // Case-insensitive because SQLite's table names are: "Users" and "users" would be the same table.
    private readonly ConcurrentDictionary<string, (string Name, object Collection)> collections =
        new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<object> All => collections.Values.Select(entry => entry.Collection);

    public IDocumentCollection<T> GetOrAdd<T>(string name, Func<string, IDocumentCollection<T>> create)
        where T : class, IDocument
    {
        if (name is null || !ValidName().IsMatch(name))
        {
            throw new ArgumentException(
                $"Collection name '{name}' must start with a letter and contain only letters, digits and '_'.", nameof(name));
        }

        var (existingName, collection) = collections.GetOrAdd(name, n => (n, create(n)));
        if (existingName != name)
        {
            throw new InvalidOperationException($"Collection '{name}' is already in use as '{existingName}'.");
        }

        return collection as IDocumentCollection<T> ?? throw new InvalidOperationException(
            $"Collection '{name}' is already used with {collection.GetType().GetGenericArguments()[0].Name}, not {typeof(T).Name}.");
    }

    // Names every adapter accepts as they are (MongoDB reserves '.' and 'system.'; SQLite tables use '$' for side tables).
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,99}$")]
    private static partial Regex ValidName();
}

internal static class QueryPaging
{
    public static (int Skip, int? Take) Validate<T>(QueryOptions<T>? options)
    {
        var skip = options?.Skip ?? 0;
        var take = options?.Take;
        ArgumentOutOfRangeException.ThrowIfNegative(skip, "options.Skip");
        if (take is { } t)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(t, "options.Take");
        }

        return (skip, take);
    }
}

/// <summary>
/// Turns System.Text.Json values (what ASP.NET binds <c>object</c> to) into plain values both databases store
/// natively; otherwise they would be persisted as the JsonElement's own properties.
/// </summary>
internal static class JsonValues
{
    public static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt32(out var i) => i,
        JsonValueKind.Number when element.TryGetInt64(out var l) => l,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
