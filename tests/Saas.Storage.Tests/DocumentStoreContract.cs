namespace Saas.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IDocumentStore"/> adapter must show. xunit creates one instance per test,
/// so each test gets a fresh, empty store.
/// </summary>
public abstract partial class DocumentStoreContract : IAsyncLifetime
{
    private IDocumentStore? store;

    protected IDocumentStore Store => store ?? throw new InvalidOperationException("Not initialised.");

    protected IDocumentCollection<Customer> Customers => Store.Collection<Customer>("customers");

    protected IDocumentCollection<UsageCounter> Counters => Store.Collection<UsageCounter>("usage");

    public Task InitializeAsync()
    {
        store = OpenStore();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        (store as IDisposable)?.Dispose();
        await DropStorageAsync();
    }

    /// <summary>Opens a store on this test's storage; every call reaches the same data.</summary>
    protected abstract IDocumentStore OpenStore();

    protected abstract Task DropStorageAsync();

    protected void Reopen()
    {
        (store as IDisposable)?.Dispose();
        store = OpenStore();
    }

    protected static Customer NewCustomer(string email, int age = 30, Tier tier = Tier.Bronze, string name = "") => new()
    {
        Email = email,
        Name = name,
        Age = age,
        Tier = tier,
        CreatedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(age),
    };

    protected async Task<Customer> InsertAsync(Customer customer)
    {
        await Customers.InsertAsync(customer);
        return customer;
    }

    protected async Task<List<Customer>> InsertAllAsync(params Customer[] customers)
    {
        foreach (var customer in customers)
        {
            await Customers.InsertAsync(customer);
        }

        return [.. customers];
    }
}
