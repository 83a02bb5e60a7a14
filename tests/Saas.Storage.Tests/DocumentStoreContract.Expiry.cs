namespace Saas.Storage.Tests;

public abstract partial class DocumentStoreContract
{
    private static readonly DateTimeOffset Past = DateTimeOffset.UtcNow.AddMinutes(-5);
    private static readonly DateTimeOffset Future = DateTimeOffset.UtcNow.AddHours(1);

    [ContractFact]
    public async Task EnsureExpiryIndexAsync_WhenDocumentsHaveExpired_ShouldHideThemEverywhere()
    {
        await Customers.EnsureExpiryIndexAsync(x => x.ExpiresAt);
        var expired = NewCustomer("expired@x.io");
        expired.ExpiresAt = Past.ToOffset(TimeSpan.FromHours(9)); // the instant counts, not the wall-clock time
        var alive = NewCustomer("alive@x.io");
        alive.ExpiresAt = Future;
        var forever = NewCustomer("forever@x.io");
        await InsertAllAsync(expired, alive, forever);

        Assert.Null(await Customers.GetAsync(expired.Id));
        Assert.NotNull(await Customers.GetAsync(alive.Id));
        var found = await Customers.FindAsync(_ => true, new QueryOptions<Customer> { SortBy = [new(x => x.Email)] });
        Assert.Equal(["alive@x.io", "forever@x.io"], found.Select(x => x.Email));
        Assert.Equal(2, await Customers.CountAsync());
        Assert.False(await Customers.DeleteAsync(expired.Id));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Customers.ReplaceAsync(expired));
    }

    [ContractFact]
    public async Task InsertAsync_WhenAnExpiredDocumentHoldsTheUniqueKey_ShouldSucceed()
    {
        await Customers.EnsureExpiryIndexAsync(x => x.ExpiresAt);
        await Customers.EnsureIndexAsync(x => x.Email, unique: true);
        var expired = NewCustomer("reused@x.io");
        expired.ExpiresAt = Past;
        await InsertAsync(expired);

        var replacement = await InsertAsync(NewCustomer("reused@x.io"));

        Assert.Equal(replacement.Id, Assert.Single(await Customers.FindAsync(x => x.Email == "reused@x.io")).Id);
    }

    [ContractFact]
    public async Task IncrementAsync_WhenDocumentIsMissing_ShouldCreateItThenAdd()
    {
        Assert.Equal(3, await Counters.IncrementAsync("sub-1:api-calls:2025-01", x => x.Count, 3));
        Assert.Equal(5, await Counters.IncrementAsync("sub-1:api-calls:2025-01", x => x.Count, 2));
        Assert.Equal(-1, await Counters.IncrementAsync("sub-1:api-calls:2025-01", x => x.Count, -6));

        var counter = await Counters.GetAsync("sub-1:api-calls:2025-01");
        Assert.Equal((-1L, 3L), (counter?.Count, counter?.Version));
    }

    [ContractFact]
    public async Task Writes_WhenManyThreadsWriteSeveralCollectionsAtOnce_ShouldKeepEveryDocumentReadable()
    {
        var writers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var customer = NewCustomer($"w{worker}-{i}@x.io");
                await Customers.InsertAsync(customer);
                customer.Age++;
                await Customers.ReplaceAsync(customer);
                await Counters.IncrementAsync($"c{worker}", x => x.Count);
                if (i % 4 == 0)
                {
                    await Customers.DeleteAsync(customer.Id);
                }
            }
        }));

        await Task.WhenAll(writers);
        Reopen();

        Assert.Equal(8 * 30, await Customers.CountAsync());
        Assert.All(await Customers.FindAsync(_ => true), c => Assert.Equal(31, c.Age));
        Assert.Equal(8 * 40, (await Counters.FindAsync(_ => true)).Sum(c => c.Count));
    }

    [ContractFact]
    public async Task IncrementAsync_WhenRunInParallel_ShouldCountEveryIncrement()
    {
        var increments = Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() => Counters.IncrementAsync("hot", x => x.Count)));

        var results = await Task.WhenAll(increments);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), results.Order());
        Assert.Equal(50, (await Counters.GetAsync("hot"))?.Count);
    }

    [ContractFact]
    public async Task IncrementAsync_WhenDocumentWasReadBefore_ShouldMakeTheStaleReplaceFail()
    {
        await Counters.IncrementAsync("c", x => x.Count);
        var stale = (await Counters.GetAsync("c"))!;
        await Counters.IncrementAsync("c", x => x.Count);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Counters.ReplaceAsync(stale));
        Assert.Equal(2, (await Counters.GetAsync("c"))?.Count);
    }

    [ContractFact]
    public async Task IncrementAsync_WhenCounterHasExpired_ShouldStartAgain()
    {
        await Counters.EnsureExpiryIndexAsync(x => x.ExpiresAt);
        await Counters.InsertAsync(new UsageCounter { Id = "window", Count = 41, ExpiresAt = Past });

        Assert.Equal(1, await Counters.IncrementAsync("window", x => x.Count));
    }

    [ContractFact]
    public async Task ReplaceAsync_WhenWritersRaceWithTheSameVersion_ShouldLetExactlyOneWin()
    {
        var customer = await InsertAsync(NewCustomer("race@x.io"));
        var copies = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Customers.GetAsync(customer.Id)));

        var outcomes = await Task.WhenAll(copies.Select((copy, i) => Task.Run(async () =>
        {
            copy!.Name = $"writer {i}";
            try
            {
                await Customers.ReplaceAsync(copy);
                return copy.Name;
            }
            catch (ConcurrencyConflictException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(outcomes, name => name is not null);
        var stored = await Customers.GetAsync(customer.Id);
        Assert.Equal((winner, 2L), (stored?.Name, stored?.Version));
    }
}
