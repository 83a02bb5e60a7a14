using MongoDB.Driver;
using Saas.Storage.MongoDb;

namespace Saas.Storage.Tests;

/// <summary>Runs the contract against a real server: <c>SAAS_TEST_MONGODB=mongodb://localhost:27017</c>.</summary>
[RequiresEnvironmentVariable(ConnectionStringVariable)]
public sealed class MongoDbDocumentStoreTests : DocumentStoreContract
{
    public const string ConnectionStringVariable = "SAAS_TEST_MONGODB";

    private readonly string databaseName = $"saas_storage_test_{Guid.NewGuid():N}";

    private static string ConnectionString => Environment.GetEnvironmentVariable(ConnectionStringVariable)!;

    protected override IDocumentStore OpenStore() => new MongoDbDocumentStore(ConnectionString, databaseName);

    protected override async Task DropStorageAsync()
    {
        using var client = new MongoClient(ConnectionString);
        await client.DropDatabaseAsync(databaseName);
    }
}
