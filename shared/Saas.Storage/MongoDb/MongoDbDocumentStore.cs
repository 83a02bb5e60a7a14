using MongoDB.Driver;
using Saas.Storage.Internal;

namespace Saas.Storage.MongoDb;

/// <summary>
/// <see cref="IDocumentStore"/> on a MongoDB database. Ids are stored as strings in <c>_id</c>, element names
/// in camelCase, enums by name, <see cref="DateTimeOffset"/> as a UTC BSON date (the offset is not kept).
/// </summary>
public sealed class MongoDbDocumentStore : IDocumentStore, IDisposable
{
    private readonly MongoClient client;
    private readonly CollectionCache collections = new();

    /// <summary>Connects lazily to <paramref name="databaseName"/> on the server of <paramref name="connectionString"/>.</summary>
    public MongoDbDocumentStore(string connectionString, string databaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        MongoMapping.EnsureRegistered();
        client = new MongoClient(connectionString);
        Database = client.GetDatabase(databaseName);
    }

    internal IMongoDatabase Database { get; }

    /// <inheritdoc />
    public IDocumentCollection<T> Collection<T>(string name) where T : class, IDocument =>
        collections.GetOrAdd(name, n => new MongoDbCollection<T>(Database.GetCollection<T>(n)));

    /// <summary>Closes the client's connections.</summary>
    public void Dispose() => client.Dispose();
}
