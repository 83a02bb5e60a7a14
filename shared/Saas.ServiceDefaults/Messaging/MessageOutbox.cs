using Saas.Contracts;
using Saas.Storage;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>An integration event waiting in the service's <c>outbox</c> collection (id = the event id).</summary>
public sealed class OutboxMessage : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    /// <summary>The contract's type and assembly (see <see cref="PendingEvent.TypeName"/>).</summary>
    public string Type { get; set; } = "";

    public string Payload { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The aggregate the event belongs to (e.g. a user id), or null: events with the same key are published in the order
    /// they were written, a later one never before an earlier one that waits for a retry.
    /// </summary>
    public string? OrderKey { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }
}

/// <summary>
/// The one outbox for events that are not kept inside the document they describe: the caller stores the event in the
/// service's <c>outbox</c> collection as part of its work (the store has no multi-document transactions, so it comes
/// right before or after the change, in the order that is safe for that change), and <see cref="OutboxDispatcher"/>
/// publishes it, woken at once and sweeping every few seconds. A broker that is down delays events instead of failing
/// the request or losing them; a process that dies before publishing leaves them for the next start. Delivery is at
/// least once: consumers drop a repeat by its event id (<see cref="MessageInbox"/>). For a change and its event that
/// must commit together, keep the event in the document instead (<see cref="PendingEventsRelay{T}"/>).
/// Register with <see cref="OutboxExtensions.AddMessageOutbox"/>.
/// </summary>
public sealed class MessageOutbox(IDocumentStore store, TimeProvider time) : IStoreInitializer
{
    public const string CollectionName = "outbox";

    /// <summary>The stored messages (what the dispatcher reads; tests and support look here too).</summary>
    public IDocumentCollection<OutboxMessage> Messages { get; } = store.Collection<OutboxMessage>(CollectionName);

    internal WakeUpSignal WakeUp { get; } = new();

    /// <summary>
    /// Stores <paramref name="message"/> for publishing and wakes the dispatcher. Storing the same event twice is
    /// harmless (the second is ignored while the first waits). <paramref name="orderKey"/>: see <see cref="OutboxMessage.OrderKey"/>.
    /// </summary>
    public async Task EnqueueAsync<T>(T message, string? orderKey, CancellationToken cancellationToken) where T : class, IIntegrationEvent
    {
        var pending = PendingEvent.Of(message, time.GetUtcNow());
        try
        {
            await Messages.InsertAsync(new OutboxMessage
            {
                Id = pending.EventId, Type = pending.Type, Payload = pending.Payload, OrderKey = orderKey,
                CreatedAt = pending.CreatedAt, NextAttemptAt = pending.CreatedAt,
            }, cancellationToken);
        }
        catch (DuplicateKeyException)
        {
        }

        WakeUp.Signal();
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Messages.EnsureIndexAsync(m => m.NextAttemptAt, cancellationToken: cancellationToken);
        await Messages.EnsureIndexAsync(m => m.CreatedAt, cancellationToken: cancellationToken);
        await Messages.EnsureIndexAsync(m => m.OrderKey, cancellationToken: cancellationToken);
    }
}
