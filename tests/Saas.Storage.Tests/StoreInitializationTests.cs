using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Saas.Storage.Tests;

/// <summary><see cref="StorageServiceCollectionExtensions.AddStoreInitializer{T}"/>: the one store-setup hook.</summary>
public sealed class StoreInitializationTests : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("saas-storage-init-").FullName;

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public async Task StartAsync_WhenAWorkerRegisteredFirstWritesAtOnce_ShouldFindTheUniqueIndexAlreadyThere()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Storage:DataDirectory"] = dataDirectory;
        builder.Services.AddDocumentStore(builder.Configuration, "billing");
        // Registered before the initializer on purpose: registration order must not let a worker write first.
        builder.Services.AddSingleton<DuplicateWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DuplicateWriter>());
        builder.Services.AddStoreInitializer<UniqueEmails>();
        builder.Services.AddStoreInitializer<UniqueEmails>(); // a second call must not run it twice

        using var host = builder.Build();
        await host.StartAsync();
        var writer = host.Services.GetRequiredService<DuplicateWriter>();
        await host.StopAsync();

        Assert.Equal(1, host.Services.GetRequiredService<UniqueEmails>().Runs);
        Assert.IsType<DuplicateKeyException>(writer.SecondInsertError);
        Assert.Equal(1, await host.Services.GetRequiredService<IDocumentStore>().Collection<Customer>("customers").CountAsync());
    }

    [Fact]
    public async Task StartAsync_WhenAnInitializerFails_ShouldNotStartTheService()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Storage:DataDirectory"] = dataDirectory;
        builder.Services.AddDocumentStore(builder.Configuration, "billing");
        builder.Services.AddStoreInitializer<FailingInitializer>();
        builder.Services.AddSingleton<DuplicateWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DuplicateWriter>());

        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Equal("store unreachable", error.Message);
        Assert.False(host.Services.GetRequiredService<DuplicateWriter>().Started);
    }

    private sealed class UniqueEmails(IDocumentStore store) : IStoreInitializer
    {
        public int Runs { get; private set; }

        public Task InitializeAsync(CancellationToken cancellationToken)
        {
            Runs++;
            return store.Collection<Customer>("customers").EnsureIndexAsync(c => c.Email, unique: true, cancellationToken);
        }
    }

    private sealed class FailingInitializer : IStoreInitializer
    {
        public Task InitializeAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("store unreachable");
    }

    private sealed class DuplicateWriter(IDocumentStore store) : IHostedService
    {
        public bool Started { get; private set; }

        public Exception? SecondInsertError { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            var customers = store.Collection<Customer>("customers");
            await customers.InsertAsync(new Customer { Email = "same@x.io" }, cancellationToken);
            try
            {
                await customers.InsertAsync(new Customer { Email = "same@x.io" }, cancellationToken);
            }
            catch (Exception ex)
            {
                SecondInsertError = ex;
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
