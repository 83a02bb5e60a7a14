using LiteDB;
using Saas.Storage.LiteDb;

namespace Saas.Storage.Tests;

public sealed class LiteDbDocumentStoreTests : DocumentStoreContract
{
    private readonly string directory = Directory.CreateTempSubdirectory("saas-storage-").FullName;

    private string FilePath => Path.Combine(directory, "test.db");

    protected override IDocumentStore OpenStore() => new LiteDbDocumentStore(FilePath);

    protected override Task DropStorageAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task InsertAsync_WhenDateTimeOffsetHasAnOffset_ShouldKeepTheOffset()
    {
        var createdAt = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(-7));
        var customer = await InsertAsync(new Customer { Email = "a@x.io", CreatedAt = createdAt });

        var loaded = await Customers.GetAsync(customer.Id);

        Assert.True(createdAt.EqualsExact(loaded!.CreatedAt), $"{loaded.CreatedAt:O}");
    }

    [Fact]
    public async Task EnsureIndexAsync_OnAList_ShouldIndexItsItems_SoContainsSeeksInsteadOfScanning()
    {
        await Customers.EnsureIndexAsync(x => x.Tags);
        var customer = NewCustomer("vip@x.io");
        customer.Tags = ["vip"];
        await InsertAsync(customer);

        var plan = Shared.Database.GetCollection("customers").Query().Where("$.tags[*] ANY = @0", "vip").GetPlan();

        Assert.StartsWith("INDEX SEEK(Tags", plan["index"]["mode"].AsString);
    }

    [Fact]
    public async Task Writes_ThatWaitedTogether_ShouldCommitInOneBatch_AndADuplicateAmongThemShouldFailAlone()
    {
        await Customers.EnsureIndexAsync(x => x.Email, unique: true);
        await InsertAsync(NewCustomer("taken@x.io"));
        var queue = Shared.Writes;
        var fresh = Enumerable.Range(0, 20).Select(i => NewCustomer($"new{i}@x.io")).ToList();
        var duplicate = NewCustomer("taken@x.io");

        await Task.WhenAll(QueueBehindTheWriteLock(queue, fresh[..5], fresh[5..10]));
        Assert.True(queue.BatchesCommitted >= 1, "no writes were committed together");
        Assert.Equal(0, queue.BatchesRunAgainAlone);

        var writes = QueueBehindTheWriteLock(queue, fresh[10..15], [.. fresh[15..], duplicate]);
        await Assert.ThrowsAsync<DuplicateKeyException>(() => writes[^1]);
        await Task.WhenAll(writes.SkipLast(1));
        Assert.Equal(1, queue.BatchesRunAgainAlone);
        Assert.Equal(21, await Customers.CountAsync());
        Assert.Equal("", duplicate.Id);
    }

    /// <summary>
    /// Inserts queued up behind the file's write lock, as they queue behind a slow commit: once the writer has taken
    /// some of the first wave and waits for the lock, the second wave is queued, so it and the rest of the first go
    /// as one batch when the lock is let go.
    /// </summary>
    private List<Task> QueueBehindTheWriteLock(LiteDbWriteQueue queue, List<Customer> firstWave, List<Customer> secondWave)
    {
        var before = queue.Received;
        using (queue.WriteLock.EnterScope())
        {
            List<Task> first = [.. firstWave.Select(c => Task.Run(() => Customers.InsertAsync(c)))];
            WaitFor(() => queue.Received == before + first.Count && queue.Waiting < first.Count);
            List<Task> second = [.. secondWave.Select(c => Task.Run(() => Customers.InsertAsync(c)))];
            WaitFor(() => queue.Received == before + first.Count + second.Count);
            return [.. first, .. second];
        }
    }

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the writes did not reach the queue within 30 s");
            Thread.Sleep(5);
        }
    }

    [Fact]
    public async Task PurgeExpired_WhenDocumentsHaveExpired_ShouldDeleteThemFromTheFile()
    {
        await Customers.EnsureExpiryIndexAsync(x => x.ExpiresAt);
        await InsertAllAsync(
            new Customer { Email = "expired@x.io", ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
            new Customer { Email = "alive@x.io", ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) },
            new Customer { Email = "forever@x.io" });

        var purged = Shared.PurgeExpired();

        Assert.Equal(1, purged);
        Assert.Equal(2, Shared.Database.GetCollection("customers").Count());
    }

    [Fact]
    public async Task PurgeTimer_WhenIntervalElapses_ShouldDeleteExpiredDocuments()
    {
        ((IDisposable)Store).Dispose(); // the interval is fixed by whoever opens the file first
        using var store = new LiteDbDocumentStore(FilePath, TimeSpan.FromMilliseconds(50));
        var customers = store.Collection<Customer>("customers");
        await customers.EnsureExpiryIndexAsync(x => x.ExpiresAt);
        await customers.InsertAsync(new Customer { Email = "soon@x.io", ExpiresAt = DateTimeOffset.UtcNow.AddMilliseconds(100) });
        var raw = store.Shared.Database.GetCollection("customers");

        for (var i = 0; i < 100 && raw.Count() > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, raw.Count());
    }

    [Fact]
    public async Task Constructor_WhenTheFileIsAlreadyOpenInThisProcess_ShouldShareTheConnection()
    {
        var customer = await InsertAsync(NewCustomer("a@x.io"));

        using (var second = new LiteDbDocumentStore(FilePath))
        {
            Assert.Equal("a@x.io", (await second.Collection<Customer>("customers").GetAsync(customer.Id))?.Email);
        }

        Assert.NotNull(await Customers.GetAsync(customer.Id));
    }

    [Fact]
    public void Dispose_WhenLastStoreOnTheFileCloses_ShouldReleaseTheFile()
    {
        ((IDisposable)Store).Dispose();

        using var direct = new LiteDatabase($"Filename={FilePath};Connection=direct");

        Assert.Empty(direct.GetCollectionNames());
        Assert.Throws<ObjectDisposedException>(() => Store.Collection<Customer>("customers"));
    }

    private SharedLiteDatabase Shared => ((LiteDbDocumentStore)Store).Shared;
}
