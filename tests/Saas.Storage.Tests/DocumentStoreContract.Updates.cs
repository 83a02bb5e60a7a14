namespace Saas.Storage.Tests;

/// <summary>The shared update loop (<see cref="DocumentUpdates"/>) and <c>DeleteManyAsync</c>, on every adapter.</summary>
public abstract partial class DocumentStoreContract
{
    [ContractFact]
    public async Task UpdateAsync_WhenManyTasksChangeOneDocumentAtOnce_ShouldLoseNoUpdate()
    {
        var customer = await InsertAsync(NewCustomer("hot@x.io", age: 0));

        // 16 writers, 10 changes each, all reading and writing the same document: each change adds one year and a tag,
        // so a lost update shows as a missing year or tag.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var tag = $"{writer}-{i}";
                await Customers.UpdateAsync(customer.Id, c =>
                {
                    c.Age++;
                    c.Tags.Add(tag);
                    return true;
                }, maxAttempts: 1000);
            }
        })));

        var stored = (await Customers.GetAsync(customer.Id))!;
        Assert.Equal(160, stored.Age);
        Assert.Equal(160, stored.Tags.Distinct().Count());
        Assert.Equal(161, stored.Version);
    }

    [ContractFact]
    public async Task UpdateAsync_WhenAnotherWriterWinsInBetween_ShouldApplyTheChangeOnTopOfTheirs()
    {
        var customer = await InsertAsync(NewCustomer("between@x.io", age: 30));
        var interfered = false;

        var written = await Customers.UpdateAsync(customer.Id, c =>
        {
            if (!interfered)
            {
                interfered = true;
                var other = Customers.GetAsync(c.Id).GetAwaiter().GetResult()!;
                other.Name = "other writer";
                Customers.ReplaceAsync(other).GetAwaiter().GetResult();
            }

            c.Age++;
            return true;
        });

        var stored = await Customers.GetAsync(customer.Id);
        Assert.Equal(("other writer", 31, 3L), (stored?.Name, stored?.Age, stored?.Version));
        Assert.Equal(3, written?.Version);
    }

    [ContractFact]
    public async Task UpdateAsync_WhenEveryAttemptConflicts_ShouldGiveUpWithAConflict()
    {
        var customer = await InsertAsync(NewCustomer("busy@x.io"));
        var attempts = 0;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Customers.UpdateAsync(customer.Id, c =>
        {
            attempts++;
            var other = Customers.GetAsync(c.Id).GetAwaiter().GetResult()!;
            other.Age++;
            Customers.ReplaceAsync(other).GetAwaiter().GetResult(); // another writer wins every time
            c.Name = "never stored";
            return true;
        }, maxAttempts: 3));

        Assert.Equal(3, attempts);
        Assert.NotEqual("never stored", (await Customers.GetAsync(customer.Id))?.Name);
    }

    [ContractFact]
    public async Task UpdateAsync_WhenChangeDeclinesOrDocumentIsMissing_ShouldWriteNothing()
    {
        var customer = await InsertAsync(NewCustomer("same@x.io"));

        var unchanged = await Customers.UpdateAsync(customer.Id, _ => false);
        var missing = await Customers.UpdateAsync("missing", _ => true);

        Assert.Equal(1, unchanged?.Version);
        Assert.Equal(1, (await Customers.GetAsync(customer.Id))?.Version);
        Assert.Null(missing);
        Assert.Null(await Customers.GetAsync("missing"));
    }

    [ContractFact]
    public async Task UpsertAsync_WhenManyTasksCreateTheSameDocument_ShouldInsertOnceAndKeepEveryChange()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            Customers.UpsertAsync("new-one", () => NewCustomer("new@x.io", age: 0), c =>
            {
                c.Age++;
                c.Tags.Add($"t{i}");
                return true;
            }, maxAttempts: 1000))));

        Assert.All(outcomes, o => Assert.True(o.Written));
        var stored = (await Customers.GetAsync("new-one"))!;
        Assert.Equal((12, 12, 1L), (stored.Age, stored.Tags.Distinct().Count(), await Customers.CountAsync()));
    }

    [ContractFact]
    public async Task UpsertAsync_WhenChangeDeclinesAMissingDocument_ShouldStoreNothing()
    {
        var (document, written) = await Customers.UpsertAsync("absent", () => NewCustomer("a@x.io"), _ => false);

        Assert.Equal((null, false), (document, written));
        Assert.Equal(0, await Customers.CountAsync());
    }

    [ContractFact]
    public async Task DeleteManyAsync_ShouldDeleteExactlyTheMatchingDocuments()
    {
        await InsertAllAsync(
            NewCustomer("a@x.io", tier: Tier.Gold), NewCustomer("b@x.io", tier: Tier.Gold), NewCustomer("c@x.io", tier: Tier.Bronze));

        var deleted = await Customers.DeleteManyAsync(c => c.Tier == Tier.Gold);
        var again = await Customers.DeleteManyAsync(c => c.Tier == Tier.Gold);

        Assert.Equal((2L, 0L), (deleted, again));
        Assert.Equal(["c@x.io"], (await Customers.FindAsync(_ => true)).Select(c => c.Email));
    }

    [ContractFact]
    public async Task DeleteManyAsync_ByAnItemOfAnIndexedList_ShouldDeleteEveryDocumentHoldingIt()
    {
        await Customers.EnsureIndexAsync(c => c.Tags);
        var tagged = NewCustomer("t@x.io");
        tagged.Tags.AddRange(["old", "x"]);
        var other = NewCustomer("o@x.io");
        other.Tags.Add("new");
        await InsertAllAsync(tagged, other);

        Assert.Equal(1, await Customers.DeleteManyAsync(c => c.Tags.Contains("old")));
        Assert.Empty(await Customers.FindAsync(c => c.Tags.Contains("old")));
        Assert.Equal("o@x.io", Assert.Single(await Customers.FindAsync(c => c.Tags.Contains("new"))).Email);
    }
}
