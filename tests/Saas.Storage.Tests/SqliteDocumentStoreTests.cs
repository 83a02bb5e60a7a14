using Microsoft.Data.Sqlite;
using Saas.Storage.Sqlite;

namespace Saas.Storage.Tests;

public sealed partial class SqliteDocumentStoreTests : DocumentStoreContract
{
    private readonly string directory = Directory.CreateTempSubdirectory("saas-storage-").FullName;

    private string FilePath => Path.Combine(directory, "test.sqlite");

    protected override IDocumentStore OpenStore() => new SqliteDocumentStore(FilePath);

    protected override Task DropStorageAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Open_ShouldUseWalWithFullSync()
    {
        await InsertAsync(NewCustomer("a@x.io"));

        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.True(File.Exists(FilePath + "-wal"));
        // synchronous is per connection: ask the writer's own (2 = FULL, a commit waits for its fsync).
        using var pragma = ((SqliteDocumentStore)Store).Writes.Connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, await ((SqliteDocumentStore)Store).Writes.RunAsync(_ => pragma.ExecuteScalar()));
    }

    [Fact]
    public async Task EnsureIndexAsync_OnAMember_ShouldCreateAnExpressionIndexThatQueriesSeek()
    {
        await Customers.EnsureIndexAsync(x => x.Address!.City, unique: true);

        var plan = Plan("SELECT doc FROM customers WHERE json_extract(doc,'$.address.city') = 'Oslo'");

        Assert.Contains("USING INDEX customers$Address_City", plan);
    }

    [Fact]
    public async Task EnsureIndexAsync_OnAList_ShouldIndexItsItems_SoContainsSeeksInsteadOfScanning()
    {
        await Customers.EnsureIndexAsync(x => x.Tags);
        var customer = NewCustomer("vip@x.io");
        customer.Tags = ["vip", "vip", "eu"];
        await InsertAsync(customer);

        var plan = Plan("SELECT doc FROM customers WHERE id IN (SELECT id FROM \"customers$Tags$items\" WHERE value = 'vip')");

        Assert.Contains("customers$Tags$items", plan);
        Assert.DoesNotContain("SCAN customers", plan);
        Assert.Equal(2L, Scalar("SELECT count(*) FROM \"customers$Tags$items\""));
        Assert.True(await Customers.DeleteAsync(customer.Id));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM \"customers$Tags$items\""));
    }

    [Fact]
    public async Task EnsureIndexAsync_WhenUniqueAndTwoDocumentsLackTheValue_ShouldRefuseTheSecond()
    {
        await Customers.EnsureIndexAsync(x => x.Address!.City, unique: true);
        await InsertAsync(NewCustomer("a@x.io"));

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() => Customers.InsertAsync(NewCustomer("b@x.io")));

        Assert.Equal("Address_City", error.IndexName);
    }

    [Fact]
    public async Task Writes_WhileAReaderHoldsAReadTransaction_ShouldCommitAndStayInvisibleToIt()
    {
        var first = await InsertAsync(NewCustomer("first@x.io"));
        using var reader = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        reader.Open();
        using var transaction = reader.BeginTransaction(deferred: true);
        using var count = reader.CreateCommand();
        count.CommandText = "SELECT count(*) FROM customers";
        Assert.Equal(1L, count.ExecuteScalar());

        await InsertAsync(NewCustomer("second@x.io"));

        Assert.Equal(1L, count.ExecuteScalar()); // the open read kept its snapshot, and did not block the write
        Assert.Equal(2, await Customers.CountAsync());
        Assert.NotNull(await Customers.GetAsync(first.Id));
    }

    [Fact]
    public async Task Writes_ThatArriveTogether_ShouldCommitInSharedTransactions_AndADuplicateShouldFailAlone()
    {
        await Customers.EnsureIndexAsync(x => x.Email, unique: true);
        await InsertAsync(NewCustomer("taken@x.io"));
        var queue = ((SqliteDocumentStore)Store).Writes;
        var gate = new ManualResetEventSlim();
        // Holds the writer thread so the writes below queue up behind it, as they do behind a slow fsync.
        var blocking = new ManualResetEventSlim();
        var blocker = queue.RunAsync(_ =>
        {
            blocking.Set();
            return gate.Wait(TimeSpan.FromSeconds(30));
        });
        // The writer must be inside the blocking write before the others queue: otherwise it may take one of them
        // into the same batch as the blocker, and that one is no longer "queued behind the backlog".
        Assert.True(blocking.Wait(TimeSpan.FromSeconds(30)));
        var fresh = Enumerable.Range(0, 20).Select(i => NewCustomer($"new{i}@x.io")).ToList();
        var duplicate = NewCustomer("taken@x.io");
        var inserts = fresh.Select(c => Customers.InsertAsync(c)).ToList();
        var failing = Customers.InsertAsync(duplicate);

        gate.Set();
        await blocker;
        await Task.WhenAll(inserts);
        await Assert.ThrowsAsync<DuplicateKeyException>(() => failing);

        Assert.True(queue.BatchesCommitted >= 1, "no writes were committed together");
        Assert.Equal(1, queue.WritesFailedAlone);
        Assert.Equal(21, await Customers.CountAsync());
        Assert.Equal("", duplicate.Id);
    }

    [Fact]
    public async Task Writes_WhenAnUrgentOneQueuesBehindABacklog_ShouldRunItFirstAndBackgroundOnesLast()
    {
        var queue = ((SqliteDocumentStore)Store).Writes;
        var gate = new ManualResetEventSlim();
        var order = new List<string>(); // only the writer thread appends
        var blocking = new ManualResetEventSlim();
        var blocker = queue.RunAsync(_ =>
        {
            blocking.Set();
            return gate.Wait(TimeSpan.FromSeconds(30));
        });
        // The writer must be inside the blocking write before the others queue: otherwise it may take one of them
        // into the same batch as the blocker, and that one is no longer "queued behind the backlog".
        Assert.True(blocking.Wait(TimeSpan.FromSeconds(30)));
        Task<bool> Write(string name) => queue.RunAsync(_ =>
        {
            order.Add(name);
            return true;
        });

        var writes = new List<Task<bool>>();
        using (StoreWrites.Prioritize(WritePriority.Background))
        {
            writes.Add(Write("background"));
        }

        writes.AddRange(Enumerable.Range(0, 200).Select(i => Write($"normal{i}")));
        using (StoreWrites.Prioritize(WritePriority.Urgent))
        {
            writes.Add(Write("urgent"));
        }

        gate.Set();
        await blocker;
        await Task.WhenAll(writes);

        Assert.Equal(202, order.Count);
        Assert.Equal("urgent", order[0]);
        Assert.Equal("background", order[^1]);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"normal{i}"), order.Where(n => n.StartsWith("normal", StringComparison.Ordinal)));
    }

    [Fact]
    public void Prioritize_WhenTheScopeEnds_ShouldRestoreThePreviousPriority()
    {
        using (StoreWrites.Prioritize(WritePriority.Background))
        {
            using (StoreWrites.Prioritize(WritePriority.Urgent))
            {
                Assert.Equal(WritePriority.Urgent, StoreWrites.Priority);
            }

            Assert.Equal(WritePriority.Background, StoreWrites.Priority);
        }

        Assert.Equal(WritePriority.Normal, StoreWrites.Priority);
    }

    [Fact]
    public async Task PurgeExpired_WhenDocumentsHaveExpired_ShouldDeleteThemFromTheFile()
    {
        await Customers.EnsureExpiryIndexAsync(x => x.ExpiresAt);
        await InsertAllAsync(
            new Customer { Email = "expired@x.io", ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
            new Customer { Email = "alive@x.io", ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) },
            new Customer { Email = "forever@x.io" });

        var purged = ((SqliteDocumentStore)Store).PurgeExpired();

        Assert.Equal(1, purged);
        Assert.Equal(2L, Scalar("SELECT count(*) FROM customers"));
    }

    [Fact]
    public async Task PurgeTimer_WhenIntervalElapses_ShouldDeleteExpiredDocuments()
    {
        using var store = new SqliteDocumentStore(Path.Combine(directory, "timer.sqlite"), TimeSpan.FromMilliseconds(50));
        var customers = store.Collection<Customer>("customers");
        await customers.EnsureExpiryIndexAsync(x => x.ExpiresAt);
        await customers.InsertAsync(new Customer { Email = "soon@x.io", ExpiresAt = DateTimeOffset.UtcNow.AddMilliseconds(100) });

        for (var i = 0; i < 100 && Scalar("SELECT count(*) FROM customers", "timer.sqlite") is > 0L; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0L, Scalar("SELECT count(*) FROM customers", "timer.sqlite"));
    }

    [Fact]
    public async Task FindAsync_WhenTheFilterCannotBeTranslated_ShouldSayWhat()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Customers.FindAsync(x => x.Email.ToUpperInvariant() == "A"));

        Assert.Contains("ToUpperInvariant", error.Message);
    }

    [Fact]
    public async Task Dispose_ShouldCloseTheStoreAndLeaveNoWalBehind()
    {
        await Customers.InsertAsync(NewCustomer("a@x.io"));

        ((IDisposable)Store).Dispose();

        Assert.False(File.Exists(FilePath + "-wal"));
        Assert.Throws<ObjectDisposedException>(() => Store.Collection<Customer>("customers"));
    }

    [Fact]
    public async Task Dispose_ShouldRefuseAReadStartedAfterIt_SoNoFileReappearsInAFolderBeingDeleted()
    {
        // A request still in flight as its host stops holds a collection from before Dispose.
        var customers = Customers;
        await customers.InsertAsync(NewCustomer("a@x.io"));

        ((IDisposable)Store).Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => customers.CountAsync(_ => true));
        Assert.False(File.Exists(FilePath + "-wal"));
        Assert.False(File.Exists(FilePath + "-shm"));
    }

    private object? Scalar(string sql, string file = "test.sqlite")
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, file)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private string Plan(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }
}
