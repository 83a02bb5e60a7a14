namespace Saas.Storage.Tests;

public abstract partial class DocumentStoreContract
{
    [ContractFact]
    public async Task Writes_WhenManyArriveTogetherAndSomeFail_ShouldFailOnlyThoseAndKeepEveryOther()
    {
        await Customers.EnsureIndexAsync(x => x.Email, unique: true);
        var existing = await InsertAsync(NewCustomer("taken@x.io"));
        var renamed = await InsertAsync(NewCustomer("renamed@x.io"));
        var stale = (await Customers.GetAsync(renamed.Id))!;
        renamed.Name = "first rename";
        await Customers.ReplaceAsync(renamed);

        // Inserts, a duplicate among them, a stale replace and counters, all at once: what a loaded service sends.
        var fresh = Enumerable.Range(0, 40).Select(i => NewCustomer($"new{i}@x.io")).ToList();
        var duplicate = NewCustomer("taken@x.io", name: "duplicate");
        stale.Name = "stale rename";
        var inserts = fresh.Select(c => Task.Run(() => Customers.InsertAsync(c))).ToList();
        var failingInsert = Task.Run(() => Customers.InsertAsync(duplicate));
        var failingReplace = Task.Run(() => Customers.ReplaceAsync(stale));
        var increments = Enumerable.Range(0, 40).Select(_ => Task.Run(() => Counters.IncrementAsync("together", x => x.Count))).ToList();

        await Task.WhenAll(inserts);
        await Assert.ThrowsAsync<DuplicateKeyException>(() => failingInsert);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => failingReplace);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), (await Task.WhenAll(increments)).Order());

        Assert.Equal(("", 0L), (duplicate.Id, duplicate.Version));
        Assert.Equal(1, stale.Version); // unchanged: the refused replace left the caller's copy as it was
        Assert.All(fresh, c => Assert.Equal(1, c.Version));
        Assert.Equal(42, await Customers.CountAsync());
        Assert.Equal("first rename", (await Customers.GetAsync(renamed.Id))?.Name);
        Assert.Equal(existing.Name, (await Customers.FindAsync(x => x.Email == "taken@x.io")).Single().Name);
        Assert.Equal(40, (await Counters.GetAsync("together"))?.Count);
        Reopen();
        Assert.Equal(42, await Customers.CountAsync());
        Assert.Equal(40, (await Counters.GetAsync("together"))?.Count);
    }
}
