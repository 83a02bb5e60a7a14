using LiteDB;
using Saas.Storage.Import;
using Saas.Storage.Sqlite;

namespace Saas.Storage.Tests;

/// <summary>A data folder written by the former LiteDB adapter (see <see cref="FormerLiteDbFile"/>).</summary>
public sealed class LiteDbImportTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("saas-import-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string LiteDbFile => Path.Combine(directory, "billing.db");

    private string SqliteFile => Path.Combine(directory, "billing.sqlite");

    [Fact]
    public async Task ImportIfNeeded_WhenOnlyALiteDbFileExists_ShouldCopyEveryCollectionAndKeepTheOldFile()
    {
        var createdAt = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2));
        WriteLiteDb(database =>
        {
            var customers = database.GetCollection<Customer>("customers");
            customers.EnsureIndex("Email", "$.email", unique: true);
            customers.Insert(new Customer
            {
                Id = "c1", Version = 3, Email = "alice@x.io", Balance = 12.5m, Tier = Tier.Silver, CreatedAt = createdAt,
                LastSeenUtc = new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc), Address = new Address { City = "Oslo" },
                Tags = ["vip"], Settings = new() { ["ratio"] = 0.5, ["whole"] = 2.0, ["price"] = 9.99m, ["n"] = 14, ["nested"] = new Dictionary<string, object?> { ["a"] = "b" } },
            });
            customers.Insert(new Customer { Id = "c2", Version = 1, Email = "bob@x.io", ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) });
            database.GetCollection<UsageCounter>("usage").Insert(new UsageCounter { Id = "sub-1", Version = 7, Count = 41 });
        });

        Assert.Equal(3, LiteDbImport.ImportIfNeeded(LiteDbFile, SqliteFile));

        Assert.False(File.Exists(LiteDbFile));
        Assert.True(File.Exists(LiteDbFile + LiteDbImport.ImportedSuffix));
        using var store = new SqliteDocumentStore(SqliteFile);
        var customers = store.Collection<Customer>("customers");
        var alice = await customers.GetAsync("c1");
        Assert.NotNull(alice);
        Assert.Equal(("alice@x.io", 3L, 12.5m, Tier.Silver, "Oslo"), (alice.Email, alice.Version, alice.Balance, alice.Tier, alice.Address?.City));
        Assert.Equal(createdAt, alice.CreatedAt);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc), alice.LastSeenUtc);
        Assert.Equal(["vip"], alice.Tags);
        Assert.Equal((0.5, 2.0, 9.99m, 14), ((double)alice.Settings["ratio"]!, (double)alice.Settings["whole"]!, (decimal)alice.Settings["price"]!, (int)alice.Settings["n"]!));
        Assert.Equal("b", Assert.IsType<Dictionary<string, object?>>(alice.Settings["nested"])["a"]);
        Assert.NotNull((await customers.GetAsync("c2"))?.ExpiresAt);

        // The imported documents behave like any other: indexes, filters, versions, counters.
        await customers.EnsureIndexAsync(x => x.Email, unique: true);
        await Assert.ThrowsAsync<DuplicateKeyException>(() => customers.InsertAsync(new Customer { Email = "bob@x.io" }));
        Assert.Equal("c1", Assert.Single(await customers.FindAsync(x => x.CreatedAt < DateTimeOffset.UtcNow && x.Tier == Tier.Silver)).Id);
        await customers.ReplaceAsync(alice);
        Assert.Equal(4, alice.Version);
        Assert.Equal(42, await store.Collection<UsageCounter>("usage").IncrementAsync("sub-1", x => x.Count));
    }

    [Fact]
    public void ImportIfNeeded_WhenTheSqliteFileExists_ShouldLeaveBothFilesAlone()
    {
        WriteLiteDb(database => database.GetCollection<UsageCounter>("usage").Insert(new UsageCounter { Id = "a" }));
        new SqliteDocumentStore(SqliteFile).Dispose();

        Assert.Null(LiteDbImport.ImportIfNeeded(LiteDbFile, SqliteFile));
        Assert.True(File.Exists(LiteDbFile));
        Assert.Null(LiteDbImport.ImportIfNeeded(Path.Combine(directory, "none.db"), Path.Combine(directory, "none.sqlite")));
    }

    [Fact]
    public async Task ImportIfNeeded_WhenAnEarlierImportWasInterrupted_ShouldStartAgainFromTheLiteDbFile()
    {
        WriteLiteDb(database => database.GetCollection<UsageCounter>("usage").Insert(new UsageCounter { Id = "a", Version = 1, Count = 5 }));
        await File.WriteAllTextAsync(SqliteFile + ".importing", "half-written");

        Assert.Equal(1, LiteDbImport.ImportIfNeeded(LiteDbFile, SqliteFile));

        using var store = new SqliteDocumentStore(SqliteFile);
        Assert.Equal(5, (await store.Collection<UsageCounter>("usage").GetAsync("a"))?.Count);
    }

    private void WriteLiteDb(Action<LiteDatabase> write) => FormerLiteDbFile.Write(LiteDbFile, write);
}
