using System.Collections.Concurrent;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Options;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// Hands stored events to the broker. Intake only enqueues here, so its 200 never waits for RabbitMQ; an event
/// that could not be handed on (broker down, queue full, process killed) keeps <c>publishedAt</c> null and the
/// sweeper hands it on later.
/// </summary>
public sealed class EventDispatcher(
    IBus bus, StripeEventLog log, TimeProvider time, IOptions<WebhooksOptions> options, ILogger<EventDispatcher> logger)
    : BackgroundService
{
    private readonly Channel<string> pending = Channel.CreateBounded<string>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    /// <summary>Events handed on at once; each is a send and a write, so more only lengthens the batch's commit.</summary>
    private const int DispatchBatch = 32;

    private volatile bool brokerFailing;
    private readonly ConcurrentDictionary<string, byte> inHand = new(StringComparer.Ordinal);

    /// <summary>Queues <paramref name="storedEventId"/> for handing on; never blocks.</summary>
    public void Enqueue(string storedEventId)
    {
        if (inHand.TryAdd(storedEventId, 0) && !pending.Writer.TryWrite(storedEventId))
        {
            inHand.TryRemove(storedEventId, out _); // queue full: the sweeper hands it on
        }
    }

    /// <summary>
    /// Whether the event is queued here and not yet handed on (or given up on): the sweeper leaves it to this dispatcher
    /// rather than send a second copy. Once this is false, the event's <c>publishedAt</c> is written if it was handed on.
    /// </summary>
    public bool Holds(string storedEventId) => inHand.ContainsKey(storedEventId);

    /// <summary>Sends the event's command to its lane's queue and records when. False when the broker did not take it.</summary>
    public async Task<bool> DispatchAsync(StripeEventDocument e, CancellationToken ct)
    {
        var (lane, retryCount, replayId) = (ProcessingQueues.LaneOf(e), e.RetryCount, e.PendingReplayId);
        var limit = options.Value.PublishTimeout;
        using var activity = DispatchTracing.Start(e);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            // Sent to the queue rather than published: sending declares the queue, so nothing is dropped on an
            // exchange that has no queue bound yet.
            var queue = lane == ProcessingLane.Live ? ProcessingQueues.Live : ProcessingQueues.Replay;
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
            object command = lane == ProcessingLane.Live
                ? new ProcessStripeEvent { StoredEventId = e.Id, OrderingKey = e.OrderingKey }
                : new ReplayStripeEvent { StoredEventId = e.Id, OrderingKey = e.OrderingKey };
            // WaitAsync as well as the token: a send stuck on a dying connection must not stall the sweeper.
            await endpoint.Send(command, timeout.Token).WaitAsync(limit, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (!brokerFailing)
            {
                // No stack trace: the cause is the broker, which ServiceDefaults' BrokerConnection reports once.
                logger.LogWarning("Could not hand event {StripeEventId} to the broker ({Reason}); the sweeper will retry until it takes it",
                    e.StripeEventId, ex.GetBaseException().Message);
            }

            brokerFailing = true;
            return false;
        }

        brokerFailing = false;
        var now = time.GetUtcNow();
        // Only for the attempt we sent: if it was processed or rescheduled meanwhile, publishedAt is not ours to set.
        // From the copy the caller read (rarely stale; then read again). Not used again after this.
        await log.UpdateAsync(e, current =>
        {
            if (current.Status != EventStatus.Received || current.RetryCount != retryCount || current.PendingReplayId != replayId)
            {
                return false;
            }

            current.PublishedAt = now;
            return true;
        }, ct);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>(DispatchBatch);
        while (await pending.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < DispatchBatch && pending.Reader.TryRead(out var id))
            {
                batch.Add(id);
            }

            // What is waiting goes at once, not one after another: the sends share the broker's confirms and the
            // publishedAt writes one group commit, so handing on keeps up with intake instead of pacing the live lane.
            await Task.WhenAll(batch.Select(id => DispatchStoredAsync(id, stoppingToken)));
            batch.Clear();
        }
    }

    private async Task DispatchStoredAsync(string id, CancellationToken stoppingToken)
    {
        try
        {
            if (await log.GetAsync(id, stoppingToken) is { Status: EventStatus.Received, PublishedAt: null } e)
            {
                await DispatchAsync(e, stoppingToken);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Handing on stored event {Id} failed; the sweeper will retry", id);
        }
        finally
        {
            inHand.TryRemove(id, out _);
        }
    }
}
