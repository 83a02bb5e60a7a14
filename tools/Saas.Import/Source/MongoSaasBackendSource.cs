using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Saas.Import.Source;

/// <summary>Reads saasbackend's own MongoDB database (its <c>MONGODB_URI</c>), read-only.</summary>
public sealed class MongoSaasBackendSource(string connectionString) : ISaasBackendSource, IDisposable
{
    private readonly MongoClient client = new(connectionString);
    private readonly string database = MongoUrl.Create(connectionString).DatabaseName
        ?? throw new ArgumentException("the saasbackend MongoDB URI must name its database (mongodb://host/your-db-name)", nameof(connectionString));

    public async IAsyncEnumerable<BsonDocument> ReadAsync(
        string collection, string? afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var documents = client.GetDatabase(database).GetCollection<BsonDocument>(collection);
        var filter = afterId is null
            ? Builders<BsonDocument>.Filter.Empty
            : Builders<BsonDocument>.Filter.Gt("_id", ObjectId.TryParse(afterId, out var oid) ? (BsonValue)oid : afterId);
        using var cursor = await documents.Find(filter).Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                yield return document;
            }
        }
    }

    public void Dispose() => client.Dispose();
}
