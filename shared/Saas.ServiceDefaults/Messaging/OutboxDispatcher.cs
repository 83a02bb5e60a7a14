using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saas.Storage;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>
/// Publishes what <see cref="MessageOutbox"/> holds, oldest first, through MassTransit, and deletes each message once the
/// broker took it. Runs when an event is enqueued and every <see cref="SweepInterval"/> (retries, and what a process
/// that died before publishing left). A failed publish is retried with a backoff capped at 30 s, so an outage of any
/// length is caught up within seconds of its end.
/// </summary>
public sealed class OutboxDispatcher(
    MessageOutbox outbox, IBus bus, TimeProvider time, ILogger<OutboxDispatcher> logger, BrokerConnection? broker = null)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    private const int BatchSize = 100;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        outbox.WakeUp.RunAsync(DispatchAsync, () => SweepInterval, ex => logger.LogError(ex, "Outbox dispatch failed"), stoppingToken);

    /// <summary>One pass: publishes every message that is due, in the order written (per <see cref="OutboxMessage.OrderKey"/>).</summary>
    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await outbox.Messages.FindAsync(
            m => m.NextAttemptAt <= now,
            new QueryOptions<OutboxMessage> { SortBy = [new(m => m.CreatedAt), new(m => m.Id)], Take = BatchSize },
            cancellationToken);
        if (due.Count == 0)
        {
            return;
        }

        var waiting = await FirstWaitingPerKeyAsync(due, now, cancellationToken);
        foreach (var message in due)
        {
            // An earlier event of the same aggregate waits for its retry: this one waits with it.
            if (message.OrderKey is { } key && waiting.TryGetValue(key, out var first) && Before(first, message))
            {
                continue;
            }

            if (!await PublishAsync(message, cancellationToken) && message.OrderKey is { } failed
                && (!waiting.TryGetValue(failed, out var earliest) || Before(message, earliest)))
            {
                waiting[failed] = message;
            }
        }
    }

    private async Task<bool> PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var (payload, type) = PendingEvent.Restore(message.Type, message.Payload);
            await bus.Publish(payload, type, cancellationToken);
            await outbox.Messages.DeleteAsync(message.Id, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            message.Attempts++;
            message.NextAttemptAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, message.Attempts)));
            // While the broker is known to be down (ServiceDefaults logs that once), no line per message and attempt.
            if (broker?.IsDown != true)
            {
                logger.LogWarning("Publishing {EventType} {EventId} failed (attempt {Attempts}: {Reason}); retrying at {NextAttemptAt:o}",
                    message.Type, message.Id, message.Attempts, ex.GetBaseException().Message, message.NextAttemptAt);
            }

            try
            {
                await outbox.Messages.ReplaceAsync(message, cancellationToken);
            }
            catch (Exception conflict) when (conflict is ConcurrencyConflictException or DocumentNotFoundException)
            {
                // Another replica's dispatcher published or rescheduled it meanwhile.
            }

            return false;
        }
    }

    /// <summary>Per order key of <paramref name="due"/>, the earliest message that is not due yet (waiting for a retry).</summary>
    private async Task<Dictionary<string, OutboxMessage>> FirstWaitingPerKeyAsync(
        IReadOnlyList<OutboxMessage> due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = due.Select(m => m.OrderKey).Where(k => k is not null).Distinct().ToList();
        var waiting = new Dictionary<string, OutboxMessage>();
        if (keys.Count == 0)
        {
            return waiting;
        }

        var retrying = await outbox.Messages.FindAsync(
            m => m.NextAttemptAt > now && keys.Contains(m.OrderKey),
            new QueryOptions<OutboxMessage> { SortBy = [new(m => m.CreatedAt), new(m => m.Id)] },
            cancellationToken);
        foreach (var message in retrying)
        {
            waiting.TryAdd(message.OrderKey!, message);
        }

        return waiting;
    }

    private static bool Before(OutboxMessage a, OutboxMessage b) =>
        a.CreatedAt < b.CreatedAt || (a.CreatedAt == b.CreatedAt && string.CompareOrdinal(a.Id, b.Id) < 0);
}
