using System.Text.Json;
using MassTransit;
using Saas.Contracts;
using Saas.ServiceDefaults.Messaging;
using Saas.Storage;

namespace Saas.Identity.Common;

/// <summary>Publishes the outbox in order of writing; a failed publish is retried with backoff (at least once delivery).</summary>
public sealed class OutboxDispatcher(
    EventOutbox outbox, IdentityStore store, IBus bus, TimeProvider time, ILogger<OutboxDispatcher> logger, BrokerConnection? broker = null)
    : BackgroundService
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(5);
    private const int BatchSize = 100;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        outbox.WakeUp.RunAsync(DispatchAsync, () => Sweep, ex => logger.LogError(ex, "Outbox dispatch failed"), stoppingToken);

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await store.Outbox.FindAsync(
            m => m.NextAttemptAt <= now,
            new QueryOptions<OutboxMessage> { SortBy = [new(m => m.CreatedAt), new(m => m.Id)], Take = BatchSize },
            cancellationToken);
        foreach (var message in due)
        {
            try
            {
                var type = Type.GetType(message.Type, throwOnError: true)!;
                if (!typeof(IIntegrationEvent).IsAssignableFrom(type))
                {
                    throw new InvalidOperationException($"{message.Type} is not an integration event");
                }

                var payload = JsonSerializer.Deserialize(message.Payload, type, JsonSerializerOptions.Web)!;
                await bus.Publish(payload, type, cancellationToken);
                await store.Outbox.DeleteAsync(message.Id, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                message.Attempts++;
                // Capped at 30 s, so a broker outage of any length is caught up within seconds of its end.
                message.NextAttemptAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, message.Attempts)));
                // While the broker is known to be down (ServiceDefaults logs that once), no line per message and attempt.
                if (broker?.IsDown != true)
                {
                    logger.LogWarning("Publishing {EventType} {EventId} failed (attempt {Attempts}: {Reason}); retrying at {NextAttemptAt:o}",
                        message.Type, message.Id, message.Attempts, ex.GetBaseException().Message, message.NextAttemptAt);
                }
                await store.Outbox.ReplaceAsync(message, cancellationToken);
            }
        }
    }
}
