using MongoDB.Bson;
using MongoDB.Driver;
using Saas.Import.Source;
using static Saas.Import.Source.SaasBackendCollections;

namespace Saas.Import.Tests;

public sealed class SourceTests
{
    [Fact]
    public async Task ExportDirectory_WhenGivenMongoexportFiles_ShouldImportLikeTheDatabase()
    {
        await using var stores = new TargetStores();
        var folder = Directory.CreateDirectory(Path.Combine(stores.DataDirectory, "export"));
        var deployment = SaasBackendDocuments.Sample();
        foreach (var collection in All)
        {
            // mongoexport's default: one relaxed Extended JSON document per line ({"$oid"}, {"$date"}).
            var lines = new List<string>();
            await foreach (var document in deployment.Source.ReadAsync(collection, null, CancellationToken.None))
            {
                lines.Add(document.ToJson(new MongoDB.Bson.IO.JsonWriterSettings { OutputMode = MongoDB.Bson.IO.JsonOutputMode.RelaxedExtendedJson }));
            }

            await File.WriteAllLinesAsync(Path.Combine(folder.FullName, collection + ".json"), lines);
        }

        var fromFiles = await stores.ImportAsync(new ExportDirectorySource(folder.FullName), new ImportRunOptions { DryRun = true });
        await using var other = new TargetStores();
        var fromMemory = await other.ImportAsync(deployment.Source, new ImportRunOptions { DryRun = true });

        Assert.Equal(10, fromFiles.Written);
        Assert.Equal(
            fromMemory.Collections.Values.SelectMany(c => c.Examples),
            fromFiles.Collections.Values.SelectMany(c => c.Examples));
    }

    [Theory]
    [InlineData("saasbackend --source-uri mongodb://old/app --dry-run", true)]
    [InlineData("saasbackend --source-dir export --data-dir /srv/data --restart", true)]
    [InlineData("saasbackend", false)]
    [InlineData("saasbackend --source-uri mongodb://old/app --source-dir export", false)]
    [InlineData("somethingelse --source-dir export", false)]
    [InlineData("saasbackend --source-dir export --overwrite", false)]
    public void Arguments_ShouldNeedExactlyOneSourceAndKnownFlags(string line, bool valid)
    {
        var parsed = ImportArguments.Parse(line.Split(' '), _ => null);

        Assert.Equal(valid, parsed is not null);
    }

    [Fact]
    public void Arguments_WhenNoSourceIsGiven_ShouldReadSaasBackendsUriFromTheEnvironment()
    {
        var parsed = ImportArguments.Parse(["saasbackend"], name => name == "SAASBACKEND_MONGODB_URI" ? "mongodb://old/app" : null)!;

        Assert.Equal(("mongodb://old/app", ".data", false), (parsed.SourceUri, parsed.DataDirectory, parsed.Options.DryRun));
    }

    /// <summary>The same import from a real saasbackend database: <c>SAAS_TEST_MONGODB=mongodb://host:27017</c>.</summary>
    [MongoFact]
    public async Task MongoSource_WhenReadingARealDatabase_ShouldImportTheSameDocuments()
    {
        var database = $"saasbackend_import_test_{Guid.NewGuid():N}";
        var server = Environment.GetEnvironmentVariable(MongoFactAttribute.Variable)!;
        using var client = new MongoClient(server);
        var deployment = SaasBackendDocuments.Sample();
        foreach (var collection in All)
        {
            var documents = new List<BsonDocument>();
            await foreach (var document in deployment.Source.ReadAsync(collection, null, CancellationToken.None))
            {
                documents.Add(document);
            }

            await client.GetDatabase(database).GetCollection<BsonDocument>(collection).InsertManyAsync(documents);
        }

        try
        {
            await using var stores = new TargetStores();
            using var source = new MongoSaasBackendSource($"{server.TrimEnd('/')}/{database}");
            var first = await stores.ImportAsync(source, new ImportRunOptions { CheckpointEvery = 1 });
            var second = await stores.ImportAsync(source, new ImportRunOptions { Restart = true });

            Assert.Equal(10, first.Written);
            Assert.Equal(0, second.Written);
        }
        finally
        {
            await client.DropDatabaseAsync(database);
        }
    }
}

/// <summary>Runs only when <c>SAAS_TEST_MONGODB</c> names a server (none can be installed on these machines).</summary>
public sealed class MongoFactAttribute : FactAttribute
{
    public const string Variable = "SAAS_TEST_MONGODB";

    public MongoFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set: no MongoDB server to read from";
        }
    }
}
