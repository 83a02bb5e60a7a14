using Saas.ServiceDefaults.Messaging;
using System.Text.Json;
using Saas.Contracts;
using Saas.Storage;

namespace Saas.Identity.Common;

/// <summary>An integration event waiting to be published.</summary>
public sealed class OutboxMessage : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    /// <summary>The contract's type name and assembly, e.g. <c>Saas.Contracts.Identity.UserDeleted, Saas.Contracts</c>.</summary>
    public string Type { get; set; } = "";

    public string Payload { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }
}

/// <summary>
/// Events are written to the store next to the change they describe and published by <see cref="OutboxDispatcher"/>:
/// a broker that is down delays them instead of failing the user's request or losing the event.
/// </summary>
public sealed class EventOutbox(IdentityStore store, TimeProvider time)
{
    internal WakeUpSignal WakeUp { get; } = new();

    public async Task EnqueueAsync<T>(T message, CancellationToken cancellationToken) where T : class, IIntegrationEvent
    {
        var (type, payload) = Serialize(message);
        await store.Outbox.InsertAsync(Message(message.EventId.ToString("N"), type, payload, time.GetUtcNow()), cancellationToken);
        WakeUp.Signal();
    }

    /// <summary>
    /// Adds an event serialised earlier (committed inside another document) unless the outbox already holds it:
    /// moving the same event twice is harmless. <paramref name="createdAt"/> orders it among the others.
    /// </summary>
    public async Task EnqueueSerializedAsync(string eventId, string type, string payload, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        try
        {
            await store.Outbox.InsertAsync(Message(eventId, type, payload, createdAt), cancellationToken);
        }
        catch (DuplicateKeyException)
        {
        }

        WakeUp.Signal();
    }

    /// <summary>The contract's type name (what the dispatcher loads) and its JSON.</summary>
    public static (string Type, string Payload) Serialize<T>(T message) where T : class, IIntegrationEvent =>
        ($"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}", JsonSerializer.Serialize(message, JsonSerializerOptions.Web));

    private static OutboxMessage Message(string id, string type, string payload, DateTimeOffset createdAt) => new()
    {
        Id = id, Type = type, Payload = payload, CreatedAt = createdAt, NextAttemptAt = createdAt,
    };
}
