namespace Saas.Storage.Tests;

public abstract partial class DocumentStoreContract
{
    [ContractFact]
    public async Task InsertAsync_WhenUniqueKeyIsTaken_ShouldThrowDuplicateKeyAndKeepTheFirst()
    {
        await Customers.EnsureIndexAsync(x => x.Email, unique: true);
        var first = await InsertAsync(NewCustomer("taken@x.io", name: "first"));
        var second = NewCustomer("taken@x.io", name: "second");

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() => Customers.InsertAsync(second));

        Assert.Equal(("customers", "Email"), (error.Collection, error.IndexName));
        Assert.Equal("", second.Id);
        Assert.Equal("first", Assert.Single(await Customers.FindAsync(x => x.Email == "taken@x.io")).Name);
        Assert.Equal(first.Id, (await Customers.GetAsync(first.Id))?.Id);
    }

    [ContractFact]
    public async Task InsertAsync_WhenUniqueKeyDiffersOnlyInCase_ShouldAccept()
    {
        await Customers.EnsureIndexAsync(x => x.Email, unique: true);

        await InsertAllAsync(NewCustomer("alice@x.io"), NewCustomer("Alice@x.io"));

        Assert.Equal(2, await Customers.CountAsync());
    }

    [ContractFact]
    public async Task ReplaceAsync_WhenUniqueKeyIsTaken_ShouldThrowDuplicateKeyAndKeepStoredDocument()
    {
        await Customers.EnsureIndexAsync(x => x.Address!.City, unique: true);
        var oslo = NewCustomer("oslo@x.io");
        oslo.Address = new Address { City = "Oslo" };
        var bergen = NewCustomer("bergen@x.io");
        bergen.Address = new Address { City = "Bergen" };
        await InsertAllAsync(oslo, bergen);
        bergen.Address.City = "Oslo";

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() => Customers.ReplaceAsync(bergen));

        Assert.Equal("Address_City", error.IndexName);
        Assert.Equal(1, bergen.Version);
        var stored = await Customers.GetAsync(bergen.Id);
        Assert.Equal(("Bergen", 1L), (stored?.Address?.City, stored?.Version));
    }

    [ContractFact]
    public async Task EnsureIndexAsync_WhenDataAlreadyExists_ShouldEnforceUniquenessFromThenOn()
    {
        await InsertAllAsync(NewCustomer("a@x.io"), NewCustomer("b@x.io"));

        await Customers.EnsureIndexAsync(x => x.Email, unique: true);
        await Customers.EnsureIndexAsync(x => x.Email, unique: true);

        await Assert.ThrowsAsync<DuplicateKeyException>(() => Customers.InsertAsync(NewCustomer("b@x.io")));
        Assert.Equal(2, await Customers.CountAsync());
    }

    [ContractFact]
    public async Task EnsureIndexAsync_WhenExistingDataHasDuplicates_ShouldThrowDuplicateKey()
    {
        await InsertAllAsync(NewCustomer("same@x.io"), NewCustomer("same@x.io"));

        await Assert.ThrowsAsync<DuplicateKeyException>(() => Customers.EnsureIndexAsync(x => x.Email, unique: true));
    }

    [ContractFact]
    public async Task EnsureIndexAsync_WhenIndexIsNotUnique_ShouldAllowDuplicates()
    {
        await Customers.EnsureIndexAsync(x => x.Age);

        await InsertAllAsync(NewCustomer("a@x.io", age: 5), NewCustomer("b@x.io", age: 5));

        Assert.Equal(2, await Customers.CountAsync(x => x.Age == 5));
    }

    [ContractFact]
    public async Task FindAsync_ByAnItemOfAnIndexedList_ShouldFindEveryDocumentHoldingIt()
    {
        await Customers.EnsureIndexAsync(x => x.Tags);
        var vip = NewCustomer("vip@x.io");
        vip.Tags = ["vip", "eu"];
        var both = NewCustomer("both@x.io");
        both.Tags = ["eu", "vip"];
        var other = NewCustomer("other@x.io");
        other.Tags = ["eu"];
        await InsertAllAsync(vip, both, other, NewCustomer("none@x.io"));
        var tag = "vip";

        var found = await Customers.FindAsync(x => x.Tags.Contains(tag));

        Assert.Equal(["both@x.io", "vip@x.io"], found.Select(c => c.Email).Order());
        other.Tags.Add("vip");
        await Customers.ReplaceAsync(other);
        Assert.Equal(3, (await Customers.FindAsync(x => x.Tags.Contains(tag))).Count);
    }
}
