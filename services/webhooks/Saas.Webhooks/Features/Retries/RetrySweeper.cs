using System.Linq.Expressions;
using Microsoft.Extensions.Options;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Features.Retries;

/// <summary>
/// Hands on every pending event whose attempt is due and that the broker has not taken: retries whose delay
/// has passed, events stored while RabbitMQ was down, and events whose message was lost or turned away: a
/// message taken by a process killed before it acted, or acknowledged by a consumer that found the customer's lease
/// held by a process that then died. Those are handed on again after <see cref="WebhooksOptions.RedispatchAfter"/>
/// (15 s), one per customer (draining one customer processes all its due events) and only while no live consumer
/// holds the customer's lease, and only while that event's lane has no backlog in RabbitMQ (<see cref="LaneBacklog"/>):
/// behind a backlog older than <see cref="WebhooksOptions.RedispatchAfter"/> every waiting event would look lost, and
/// re-sending them all at each sweep would pile copies on the very queue that is behind. Driven by
/// <see cref="TimeProvider"/>, so tests move time instead of waiting.
/// </summary>
public sealed class RetrySweeper(
    StripeEventLog log,
    EventDispatcher dispatcher,
    CustomerLeases leases,
    LaneBacklog backlog,
    TimeProvider time,
    IOptions<WebhooksOptions> options,
    ILogger<RetrySweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private const int MaxBatchesPerSweep = 100;
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    /// <summary>One sweep; returns how many events were handed on.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        await oneAtATime.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var handedOn = 0;
            // Skipped events stay due, so later batches skip past them; one message per customer per sweep.
            var skipped = 0;
            var redispatched = new HashSet<string>();
            var due = DueFilter(now, now - options.Value.RedispatchAfter,
                liveBehind: await backlog.WaitingAsync(ProcessingLane.Live, ct) is > 0,
                replayBehind: await backlog.WaitingAsync(ProcessingLane.Replay, ct) is > 0);
            // Batch after batch, so the backlog of a long broker outage drains in one sweep (bounded all the same).
            for (var batch = 0; batch < MaxBatchesPerSweep; batch++)
            {
                var batchOfDue = await log.FindAsync(
                    due, new() { SortBy = [new(e => e.NextAttemptAt), new(e => e.Id)], Skip = skipped, Take = BatchSize }, ct);
                foreach (var read in batchOfDue)
                {
                    var e = read.PublishedAt is null ? await NotHandedOnAsync(read, now, ct) : read;
                    if (e is null || (e.PublishedAt is not null &&
                        (!redispatched.Add(e.OrderingKey) || await leases.IsHeldAsync(e.OrderingKey, ct))))
                    {
                        skipped++;
                        continue;
                    }

                    if (!await dispatcher.DispatchAsync(e, ct))
                    {
                        return handedOn; // The broker is not taking messages: the next sweep tries again.
                    }

                    handedOn++;
                }

                if (batchOfDue.Count < BatchSize)
                {
                    break;
                }
            }

            return handedOn;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>
    /// <paramref name="read"/> as it is now if nobody has handed it on, else null. Left to the dispatcher while it holds
    /// the event (intake ran ahead of it), and read again otherwise: the dispatcher may have handed it on between our
    /// read and our look, and a stale copy would send a second first attempt in the delivery's trace, which a retry
    /// falling due before that copy is consumed would then run in. The dispatcher writes <c>publishedAt</c> before it
    /// lets go of an event, so the second read sees it; one processed and rescheduled meanwhile waits for its new time.
    /// </summary>
    private async Task<StripeEventDocument?> NotHandedOnAsync(StripeEventDocument read, DateTimeOffset now, CancellationToken ct) =>
        dispatcher.Holds(read.Id)
            ? null
            : await log.GetAsync(read.Id, ct) is { Status: EventStatus.Received, PublishedAt: null } current && current.NextAttemptAt <= now
                ? current
                : null;

    /// <summary>
    /// Events to hand on: never handed on, or handed on before <paramref name="stale"/> — the latter only on a lane
    /// with no backlog (a live event has no pending replay; a replayed one has). A lane that is behind gets a cutoff
    /// nothing is older than.
    /// </summary>
    private static Expression<Func<StripeEventDocument, bool>> DueFilter(
        DateTimeOffset now, DateTimeOffset stale, bool liveBehind, bool replayBehind)
    {
        var (liveStale, replayStale) = (liveBehind ? DateTimeOffset.MinValue : stale, replayBehind ? DateTimeOffset.MinValue : stale);
        return e => e.Status == EventStatus.Received && e.NextAttemptAt != null && e.NextAttemptAt <= now &&
                    (e.PublishedAt == null ||
                     (e.PendingReplayId == null && e.PublishedAt <= liveStale) ||
                     (e.PendingReplayId != null && e.PublishedAt <= replayStale));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                if (await SweepOnceAsync(stoppingToken) is > 0 and var count)
                {
                    logger.LogInformation("Handed {Count} pending Stripe events to the broker", count);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sweeping pending Stripe events failed; trying again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
