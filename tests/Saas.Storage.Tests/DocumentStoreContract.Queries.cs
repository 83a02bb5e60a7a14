namespace Saas.Storage.Tests;

public abstract partial class DocumentStoreContract
{
    [ContractFact]
    public async Task FindAsync_WhenFilteredAndSortedAscending_ShouldReturnMatchesInOrder()
    {
        await InsertAllAsync(NewCustomer("c@x.io", age: 40), NewCustomer("a@x.io", age: 20), NewCustomer("b@x.io", age: 30), NewCustomer("young@x.io", age: 10));

        var found = await Customers.FindAsync(x => x.Age >= 20, new QueryOptions<Customer> { SortBy = [new(x => x.Age)] });

        Assert.Equal(["a@x.io", "b@x.io", "c@x.io"], found.Select(x => x.Email));
    }

    [ContractFact]
    public async Task FindAsync_WhenSortedDescendingWithSkipAndTake_ShouldReturnThePage()
    {
        await InsertAllAsync([.. Enumerable.Range(1, 10).Select(i => NewCustomer($"user{i:D2}@x.io", age: i))]);
        var options = new QueryOptions<Customer> { SortBy = [new(x => x.CreatedAt, Descending: true)], Skip = 2, Take = 3 };

        var found = await Customers.FindAsync(_ => true, options);

        Assert.Equal([8, 7, 6], found.Select(x => x.Age));
    }

    [ContractFact]
    public async Task FindAsync_WhenSortedByTwoKeys_ShouldBreakTiesWithTheSecond()
    {
        await InsertAllAsync(
            NewCustomer("gold30@x.io", age: 30, tier: Tier.Gold),
            NewCustomer("silver40@x.io", age: 40, tier: Tier.Silver),
            NewCustomer("gold20@x.io", age: 20, tier: Tier.Gold),
            NewCustomer("bronze25@x.io", age: 25, tier: Tier.Bronze));
        var options = new QueryOptions<Customer> { SortBy = [new(x => x.Tier), new(x => x.Age, Descending: true)], Skip = 1 };

        var found = await Customers.FindAsync(_ => true, options);

        Assert.Equal(["gold30@x.io", "gold20@x.io", "silver40@x.io"], found.Select(x => x.Email));
    }

    [ContractFact]
    public async Task FindAsync_WhenFilteringWithContains_ShouldMatchSubstringsCaseSensitively()
    {
        await InsertAllAsync(NewCustomer("alice@example.com"), NewCustomer("ALICE@corp.com"), NewCustomer("bob@example.com"), NewCustomer("malice@x.io"));
        var byEmail = new QueryOptions<Customer> { SortBy = [new(x => x.Email)] };

        var found = await Customers.FindAsync(x => x.Email.Contains("ali") || x.Name.Contains("ali"), byEmail);

        Assert.Equal(["alice@example.com", "malice@x.io"], found.Select(x => x.Email));
    }

    [ContractFact]
    public async Task FindAsync_WhenFilteringOnNestedEnumAndDateMembers_ShouldMatch()
    {
        var oslo = NewCustomer("oslo@x.io", age: 50, tier: Tier.Gold);
        oslo.Address = new Address { City = "Oslo" };
        var bergen = NewCustomer("bergen@x.io", age: 50, tier: Tier.Gold);
        bergen.Address = new Address { City = "Bergen" };
        await InsertAllAsync(oslo, bergen, NewCustomer("old@x.io", age: 1, tier: Tier.Gold));
        var since = new DateTimeOffset(2024, 1, 10, 0, 0, 0, TimeSpan.FromHours(5));

        var found = await Customers.FindAsync(x => x.Tier == Tier.Gold && x.CreatedAt > since && x.Address!.City == "Oslo");

        Assert.Equal(oslo.Id, Assert.Single(found).Id);
    }

    [ContractFact]
    public async Task FindAsync_WhenTheFilterCallsAMethodOnACapturedValue_ShouldMatchItsResult()
    {
        var id = Guid.NewGuid();
        await InsertAllAsync(NewCustomer(id.ToString("N") + "@x.io"), NewCustomer("other@x.io"));

        var found = await Customers.FindAsync(x => x.Email == id.ToString("N") + "@x.io");

        Assert.Single(found);
        Assert.Equal(1, await Customers.CountAsync(x => x.Email.StartsWith(id.ToString("N").Substring(0, 8))));
    }

    [ContractFact]
    public async Task FindAsync_WhenTakeIsZero_ShouldReturnNothing()
    {
        await InsertAllAsync(NewCustomer("a@x.io"));

        Assert.Empty(await Customers.FindAsync(_ => true, new QueryOptions<Customer> { Take = 0 }));
    }

    [ContractFact]
    public async Task CountAsync_WhenFilterIsGivenOrNot_ShouldCountMatchesOrAll()
    {
        await InsertAllAsync(NewCustomer("a@x.io", age: 10), NewCustomer("b@x.io", age: 20), NewCustomer("c@x.io", age: 30));

        Assert.Equal(3, await Customers.CountAsync());
        Assert.Equal(2, await Customers.CountAsync(x => x.Age > 15));
        Assert.Equal(0, await Store.Collection<Customer>("empty").CountAsync());
    }
}
