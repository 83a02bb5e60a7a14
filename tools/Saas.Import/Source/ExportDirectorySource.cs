using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Saas.Import.Source;

/// <summary>
/// Reads <c>mongoexport</c> output: <c>&lt;collection&gt;.json</c> in a folder, one Extended JSON document per line (or one
/// JSON array with <c>--jsonArray</c>), for a database this machine cannot reach.
/// </summary>
public sealed class ExportDirectorySource(string directory) : ISaasBackendSource
{
    public async IAsyncEnumerable<BsonDocument> ReadAsync(
        string collection, string? afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, collection + ".json");
        if (!File.Exists(file))
        {
            yield break;
        }

        var text = await File.ReadAllTextAsync(file, cancellationToken);
        IEnumerable<BsonDocument> documents = text.TrimStart().StartsWith('[')
            ? BsonSerializer.Deserialize<BsonArray>(text).Select(v => v.AsBsonDocument)
            : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(BsonDocument.Parse);
        foreach (var document in InMemorySaasBackendSource.After(documents, afterId))
        {
            yield return document;
        }
    }
}

/// <summary>Documents held in memory, per collection (tests, and the export folder once parsed).</summary>
public sealed class InMemorySaasBackendSource : ISaasBackendSource
{
    private readonly Dictionary<string, List<BsonDocument>> collections = new(StringComparer.Ordinal);

    public InMemorySaasBackendSource Add(string collection, params BsonDocument[] documents)
    {
        if (!collections.TryGetValue(collection, out var list))
        {
            collections[collection] = list = [];
        }

        list.AddRange(documents);
        return this;
    }

    public async IAsyncEnumerable<BsonDocument> ReadAsync(
        string collection, string? afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var document in After(collections.GetValueOrDefault(collection) ?? [], afterId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return document;
        }
    }

    /// <summary>MongoDB's order for ObjectIds is their hex digits' order, so ordinal string order matches the server's.</summary>
    internal static IEnumerable<BsonDocument> After(IEnumerable<BsonDocument> documents, string? afterId) =>
        documents.Select(d => (Id: SaasBackendCollections.IdOf(d), Document: d))
            .Where(p => afterId is null || string.CompareOrdinal(p.Id, afterId) > 0)
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => p.Document);
}
