using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saas.Storage;

namespace Saas.ServiceDefaults.Messaging;

public static class OutboxExtensions
{
    /// <summary>
    /// Registers the <see cref="MessageOutbox"/> (its indexes made before the service starts) and its
    /// <see cref="OutboxDispatcher"/>. Needs the document store and MassTransit (<c>AddServiceDefaults</c>).
    /// </summary>
    public static IServiceCollection AddMessageOutbox(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddStoreInitializer<MessageOutbox>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }

    /// <summary>
    /// Registers a <see cref="PendingEventsRelay{T}"/> for the documents of <paramref name="collection"/>: resolvable to
    /// relay right after a write, sweeping in the background, its index on <c>HasPendingEvents</c> made at start.
    /// </summary>
    public static IServiceCollection AddPendingEventsRelay<T>(
        this IServiceCollection services,
        Func<IServiceProvider, IDocumentCollection<T>> collection,
        Action<PendingEventsRelayOptions<T>>? configure = null)
        where T : class, IHasPendingEvents
    {
        ArgumentNullException.ThrowIfNull(collection);
        var options = new PendingEventsRelayOptions<T>();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PendingEventsRelay<T>>(sp, collection(sp), options));
        services.AddStoreInitializer<PendingEventsRelay<T>>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingEventsRelay<T>>());
        return services;
    }
}
