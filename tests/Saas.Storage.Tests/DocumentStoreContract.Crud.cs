namespace Saas.Storage.Tests;

public abstract partial class DocumentStoreContract
{
    [ContractFact]
    public async Task InsertAsync_WhenIdIsEmpty_ShouldGenerateObjectIdAndSetVersionOne()
    {
        var customer = await InsertAsync(NewCustomer("a@example.com"));

        Assert.Matches("^[0-9a-f]{24}$", customer.Id);
        Assert.Equal(1, customer.Version);
        Assert.Equal(1, (await Customers.GetAsync(customer.Id))!.Version);
    }

    [ContractFact]
    public async Task InsertAsync_WhenIdIsGiven_ShouldKeepIt()
    {
        var customer = NewCustomer("a@example.com");
        customer.Id = "customer-1";

        await Customers.InsertAsync(customer);

        Assert.Equal("a@example.com", (await Customers.GetAsync("customer-1"))?.Email);
    }

    [ContractFact]
    public async Task InsertAsync_WhenIdIsTaken_ShouldThrowDuplicateKeyOnIdAndRestoreTheDocument()
    {
        await InsertAsync(new Customer { Id = "same", Email = "first@example.com" });
        var second = new Customer { Id = "same", Email = "second@example.com", Version = 7 };

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() => Customers.InsertAsync(second));

        Assert.Equal("_id", error.IndexName);
        Assert.Equal(7, second.Version);
        Assert.Equal("first@example.com", (await Customers.GetAsync("same"))?.Email);
    }

    [ContractFact]
    public async Task GetAsync_WhenDocumentIsMissing_ShouldReturnNull()
    {
        Assert.Null(await Customers.GetAsync("000000000000000000000000"));
    }

    [ContractFact]
    public async Task ReplaceAsync_WhenVersionMatches_ShouldStoreChangesAndIncrementVersion()
    {
        var customer = await InsertAsync(NewCustomer("a@example.com"));
        customer.Name = "Alice";

        await Customers.ReplaceAsync(customer);
        await Customers.ReplaceAsync(customer);

        var loaded = await Customers.GetAsync(customer.Id);
        Assert.Equal(3, customer.Version);
        Assert.Equal(("Alice", 3L), (loaded?.Name, loaded?.Version));
    }

    [ContractFact]
    public async Task ReplaceAsync_WhenVersionIsStale_ShouldThrowConflictAndKeepStoredDocument()
    {
        var customer = await InsertAsync(NewCustomer("a@example.com", name: "original"));
        var stale = (await Customers.GetAsync(customer.Id))!;
        customer.Name = "winner";
        await Customers.ReplaceAsync(customer);
        stale.Name = "loser";

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Customers.ReplaceAsync(stale));

        Assert.Equal((customer.Id, 1L), (error.Id, error.ExpectedVersion));
        Assert.Equal(1, stale.Version);
        var loaded = await Customers.GetAsync(customer.Id);
        Assert.Equal(("winner", 2L), (loaded?.Name, loaded?.Version));
    }

    [ContractFact]
    public async Task ReplaceAsync_WhenDocumentIsMissing_ShouldThrowDocumentNotFound()
    {
        var ghost = new Customer { Id = "ghost", Version = 1 };

        var error = await Assert.ThrowsAsync<DocumentNotFoundException>(() => Customers.ReplaceAsync(ghost));

        Assert.Equal("ghost", error.Id);
    }

    [ContractFact]
    public async Task DeleteAsync_WhenCalledTwice_ShouldReturnTrueThenFalse()
    {
        var customer = await InsertAsync(NewCustomer("a@example.com"));

        Assert.True(await Customers.DeleteAsync(customer.Id));
        Assert.False(await Customers.DeleteAsync(customer.Id));
        Assert.Null(await Customers.GetAsync(customer.Id));
    }

    [ContractFact]
    public async Task Collection_WhenTwoNamesAreUsed_ShouldKeepDocumentsApart()
    {
        var archive = Store.Collection<Customer>("archived_customers");
        await InsertAsync(new Customer { Id = "c1", Email = "live@example.com" });
        await archive.InsertAsync(new Customer { Id = "c1", Email = "archived@example.com" });

        Assert.Equal("live@example.com", (await Customers.GetAsync("c1"))?.Email);
        Assert.Equal("archived@example.com", (await archive.GetAsync("c1"))?.Email);
        Assert.True(await archive.DeleteAsync("c1"));
        Assert.Equal(1, await Customers.CountAsync());
    }

    [ContractFact]
    public void Collection_WhenNameIsReusedWithAnotherType_ShouldThrow()
    {
        _ = Customers;

        Assert.Throws<InvalidOperationException>(() => Store.Collection<UsageCounter>("customers"));
    }

    [ContractFact]
    public void Collection_WhenNameDiffersOnlyInCase_ShouldThrow()
    {
        _ = Customers;

        Assert.Throws<InvalidOperationException>(() => Store.Collection<Customer>("Customers"));
    }

    [ContractFact]
    public void Collection_WhenNameHasCharactersEitherDatabaseRejects_ShouldThrow()
    {
        Assert.Throws<ArgumentException>(() => Store.Collection<Customer>("archived-customers"));
        Assert.Throws<ArgumentException>(() => Store.Collection<Customer>("system.users"));
    }

    [ContractFact]
    public async Task Store_WhenReopened_ShouldStillHaveTheData()
    {
        var customer = await InsertAsync(NewCustomer("a@example.com"));

        Reopen();

        Assert.Equal("a@example.com", (await Customers.GetAsync(customer.Id))?.Email);
    }
}
