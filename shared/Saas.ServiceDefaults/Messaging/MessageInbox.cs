using Microsoft.Extensions.DependencyInjection;
using Saas.Contracts;
using Saas.Storage;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>An integration event already handled; the unique index on <see cref="EventId"/> settles concurrent deliveries.</summary>
public sealed class ProcessedMessage : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    /// <summary>The event's <see cref="IIntegrationEvent.EventId"/>, as 32 hex digits.</summary>
    public string EventId { get; set; } = "";

    /// <summary>The message type's name, for someone reading the collection.</summary>
    public string Type { get; set; } = "";

    public DateTimeOffset ProcessedAt { get; set; }

    /// <summary>Longer than any redelivery or replay window; after that the consumers' own ordering rules suffice.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>
/// The one inbox (idempotent consumer) every service uses: runs a consumer's work once per event id and remembers the
/// id in the service's <c>processed_events</c> collection for <see cref="RememberFor"/>. The work itself must be
/// idempotent, so a crash between the work and the mark only repeats a no-op; two concurrent deliveries may both run
/// it, and the unique index keeps one mark.
/// </summary>
public sealed class MessageInbox(IDocumentStore store, TimeProvider time) : IStoreInitializer
{
    public const string CollectionName = "processed_events";

    public static readonly TimeSpan RememberFor = TimeSpan.FromDays(30);

    private readonly IDocumentCollection<ProcessedMessage> processed = store.Collection<ProcessedMessage>(CollectionName);

    /// <summary>Whether the event with <paramref name="eventId"/> was handled (and is still remembered).</summary>
    public async Task<bool> HasProcessedAsync(Guid eventId, CancellationToken ct = default)
    {
        var id = eventId.ToString("N");
        return await processed.CountAsync(e => e.EventId == id, ct) > 0;
    }

    /// <summary>Runs <paramref name="work"/> unless <paramref name="message"/> was handled already; false when skipped.</summary>
    public async Task<bool> RunOnceAsync(IIntegrationEvent message, Func<Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await HasProcessedAsync(message.EventId, ct))
        {
            return false;
        }

        await work();
        try
        {
            var now = time.GetUtcNow();
            await processed.InsertAsync(new ProcessedMessage
            {
                EventId = message.EventId.ToString("N"), Type = message.GetType().Name, ProcessedAt = now, ExpiresAt = now + RememberFor,
            }, ct);
        }
        catch (DuplicateKeyException)
        {
            // A concurrent delivery finished first; the work above was a no-op for one of us.
        }

        return true;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await processed.EnsureIndexAsync(e => e.EventId, unique: true, cancellationToken);
        await processed.EnsureExpiryIndexAsync(e => e.ExpiresAt, cancellationToken);
    }
}

public static class MessageInboxExtensions
{
    /// <summary>Registers the <see cref="MessageInbox"/> (a singleton; its indexes are made before the service starts).</summary>
    public static IServiceCollection AddMessageInbox(this IServiceCollection services) =>
        services.AddStoreInitializer<MessageInbox>();
}
