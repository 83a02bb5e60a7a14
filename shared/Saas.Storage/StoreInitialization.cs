using Microsoft.Extensions.Hosting;

namespace Saas.Storage;

/// <summary>
/// What a feature sets up in its store before the service serves: indexes, expiry indexes. Register it with
/// <see cref="StorageServiceCollectionExtensions.AddStoreInitializer{T}"/>.
/// </summary>
public interface IStoreInitializer
{
    /// <summary>Creates what is missing; runs at every start, so it must be safe to repeat.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The one store-initialisation hook: every registered <see cref="IStoreInitializer"/> runs, in registration order,
/// in <see cref="IHostedLifecycleService.StartingAsync"/>, which the host awaits before it starts any hosted service
/// (Kestrel, the message bus, the background workers). So no request, message or sweep can write before a unique
/// index exists, and a store that cannot be set up stops the start with its error.
/// </summary>
internal sealed class StoreInitialization(IEnumerable<IStoreInitializer> initializers) : IHostedLifecycleService
{
    /// <summary>Marks <typeparamref name="T"/> as registered, so a second registration does not run it twice.</summary>
    internal sealed class Registered<T>;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in initializers)
        {
            await initializer.InitializeAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
