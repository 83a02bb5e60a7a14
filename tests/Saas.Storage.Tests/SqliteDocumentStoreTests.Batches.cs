using Saas.Storage.Sqlite;

namespace Saas.Storage.Tests;

public sealed partial class SqliteDocumentStoreTests
{
    /// <summary>
    /// An insert and a replace that fail inside a batch must undo themselves entirely, the list index their triggers
    /// maintain included, while the rest of their batch commits.
    /// </summary>
    [Fact]
    public async Task Writes_WhenAnInsertAndAReplaceFailOnAUniqueKeyInsideABatch_ShouldLeaveNoTraceWhileTheOthersCommit()
    {
        await Customers.EnsureIndexAsync(x => x.Email, unique: true);
        await Customers.EnsureIndexAsync(x => x.Tags);
        await InsertAsync(NewCustomer("taken@x.io"));
        var other = NewCustomer("other@x.io");
        other.Tags = ["kept"];
        await InsertAsync(other);
        var queue = ((SqliteDocumentStore)Store).Writes;
        var (gate, blocking) = (new ManualResetEventSlim(), new ManualResetEventSlim());
        // Holds the writer so every write below lands in one batch behind it.
        var blocker = queue.RunAsync(_ =>
        {
            blocking.Set();
            return gate.Wait(TimeSpan.FromSeconds(30));
        });
        Assert.True(blocking.Wait(TimeSpan.FromSeconds(30)));
        var fresh = Enumerable.Range(0, 5).Select(i => NewCustomer($"fresh{i}@x.io")).ToList();
        fresh.ForEach(c => c.Tags = ["fresh"]);
        var duplicate = NewCustomer("taken@x.io");
        duplicate.Tags = ["ghost"];
        var inserts = fresh.Take(2).Select(c => Customers.InsertAsync(c)).ToList();
        var failingInsert = Customers.InsertAsync(duplicate);
        (other.Email, other.Tags) = ("taken@x.io", ["ghost"]);
        var failingReplace = Customers.ReplaceAsync(other);
        inserts.AddRange(fresh.Skip(2).Select(c => Customers.InsertAsync(c)));

        gate.Set();
        await blocker;
        await Task.WhenAll(inserts);
        await Assert.ThrowsAsync<DuplicateKeyException>(() => failingInsert);
        await Assert.ThrowsAsync<DuplicateKeyException>(() => failingReplace);

        Assert.Empty(await Customers.FindAsync(x => x.Tags.Contains("ghost")));
        Assert.Equal(5, (await Customers.FindAsync(x => x.Tags.Contains("fresh"))).Count);
        var stored = await Customers.GetAsync(other.Id);
        Assert.Equal(("other@x.io", 1L), (stored!.Email, stored.Version));
        Assert.Equal(["kept"], (await Customers.FindAsync(x => x.Tags.Contains("kept"))).Select(c => c.Email == "other@x.io" ? "kept" : c.Email));
        Assert.Equal(7, await Customers.CountAsync());
    }
}
