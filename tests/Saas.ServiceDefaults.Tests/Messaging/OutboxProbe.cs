using MassTransit;
using Saas.Contracts;
using Saas.ServiceDefaults.Messaging;

namespace Saas.ServiceDefaults.Tests.Messaging;

/// <summary>The integration event the outbox tests write, publish and consume.</summary>
public sealed record OutboxProbed : IIntegrationEvent
{
    public required Guid EventId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required string Subject { get; init; }
}

/// <summary>A document keeping its own pending events, as identity's organizations and billing's customers do.</summary>
public sealed class ProbeAccount : IHasPendingEvents
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string Name { get; set; } = "";

    public List<PendingEvent> PendingEvents { get; set; } = [];

    public bool HasPendingEvents { get; set; }
}

/// <summary>
/// Counts every delivery, and runs its work through the inbox as the services' consumers do. Every test app of this
/// assembly gets the consumer; only the outbox tests register an inbox (the others' apps have no store).
/// </summary>
public sealed class OutboxProbedConsumer(ConsumerProbe probe, MessageInbox? inbox = null) : IConsumer<OutboxProbed>
{
    public async Task Consume(ConsumeContext<OutboxProbed> context)
    {
        probe.Delivered(context.Message.EventId);
        if (inbox is not null)
        {
            await inbox.RunOnceAsync(context.Message, () =>
            {
                probe.Saw(context.Message.EventId);
                return Task.CompletedTask;
            }, context.CancellationToken);
        }
    }
}
