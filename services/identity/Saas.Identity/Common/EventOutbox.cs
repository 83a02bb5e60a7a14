using System.Text.Json;
using System.Threading.Channels;
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
    private readonly Channel<bool> wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    internal ChannelReader<bool> WakeUp => wakeUp.Reader;

    public async Task EnqueueAsync<T>(T message, CancellationToken cancellationToken) where T : class, IIntegrationEvent
    {
        var now = time.GetUtcNow();
        await store.Outbox.InsertAsync(new OutboxMessage
        {
            Id = message.EventId.ToString("N"),
            Type = $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}",
            Payload = JsonSerializer.Serialize(message, JsonSerializerOptions.Web),
            CreatedAt = now,
            NextAttemptAt = now,
        }, cancellationToken);
        wakeUp.Writer.TryWrite(true);
    }
}
