using System.Text.Json;
using Saas.Contracts;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>
/// An integration event stored before it is published, as the outbox (<see cref="MessageOutbox"/>) and a document's own
/// pending events (<see cref="IHasPendingEvents"/>) keep it: its contract's type name and its JSON, so what is published
/// after a restart is exactly what was written.
/// </summary>
public sealed class PendingEvent
{
    /// <summary>The event's <see cref="IIntegrationEvent.EventId"/>, as 32 hex digits.</summary>
    public string EventId { get; set; } = "";

    /// <summary>The contract's type and assembly, e.g. <c>Saas.Contracts.Identity.UserDeleted, Saas.Contracts</c>.</summary>
    public string Type { get; set; } = "";

    public string Payload { get; set; } = "";

    /// <summary>When it was written: the relays' age (who may publish it) and order.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Serialises <paramref name="message"/> as its own contract type.</summary>
    public static PendingEvent Of<T>(T message, DateTimeOffset createdAt) where T : class, IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(message);
        return new PendingEvent
        {
            EventId = message.EventId.ToString("N"),
            Type = TypeName(typeof(T)),
            Payload = JsonSerializer.Serialize(message, JsonSerializerOptions.Web),
            CreatedAt = createdAt,
        };
    }

    /// <summary>The name <see cref="Restore"/> loads the type by.</summary>
    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <summary>The message and its contract type, ready for <c>Publish(object, Type)</c>.</summary>
    /// <exception cref="InvalidOperationException">The type is unknown here or no integration event.</exception>
    public static (object Message, Type Type) Restore(string typeName, string payload)
    {
        var type = System.Type.GetType(typeName, throwOnError: false)
            ?? throw new InvalidOperationException($"{typeName} is not a type this service knows");
        if (!typeof(IIntegrationEvent).IsAssignableFrom(type))
        {
            throw new InvalidOperationException($"{typeName} is not an integration event");
        }

        return (JsonSerializer.Deserialize(payload, type, JsonSerializerOptions.Web)!, type);
    }
}
