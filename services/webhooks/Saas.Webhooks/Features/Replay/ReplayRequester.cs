using Saas.Storage;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Features.Replay;

/// <summary>Who asks for a replay, why, and whether consumers should repeat side effects (mails, notifications).</summary>
public sealed record ReplayOrder(string RequestedBy, string Reason, bool RepeatSideEffects, string? BatchId = null);

/// <summary>
/// Puts processed or failed events back in line on the replay lane, recording the request on each event. The
/// replay then takes the same path as a first delivery (same consumer logic, same ordering per customer).
/// </summary>
public sealed class ReplayRequester(StripeEventLog log, EventDispatcher dispatcher, TimeProvider time)
{
    /// <summary>At most this many events per request: a larger set is a filter mistake more often than not.</summary>
    public const int MaxBatch = 10_000;

    /// <summary>Customers whose events are marked for a replay at once (a group commit's worth).</summary>
    private const int MarkedAtOnce = 32;

    /// <summary>The replay id, or null when the event is still pending (it will be processed anyway).</summary>
    public Task<string?> ReplayAsync(StripeEventDocument e, ReplayOrder order, CancellationToken ct) =>
        MarkAsync(e, order, fromCopy: false, ct);

    /// <param name="fromCopy">Write from <paramref name="e"/> as read (changing it), reading again only if someone wrote meanwhile.</param>
    private async Task<string?> MarkAsync(StripeEventDocument e, ReplayOrder order, bool fromCopy, CancellationToken ct)
    {
        var replayId = Guid.NewGuid().ToString("N");
        Func<StripeEventDocument, bool> mark = current =>
        {
            if (current.Status == EventStatus.Received)
            {
                return false;
            }

            var now = time.GetUtcNow();
            current.Replays.Add(new ReplayRecord
            {
                Id = replayId,
                RequestedBy = order.RequestedBy,
                RequestedAt = now,
                Reason = order.Reason,
                RepeatSideEffects = order.RepeatSideEffects,
                BatchId = order.BatchId,
            });
            (current.Status, current.PendingReplayId, current.RetryCount, current.NextAttemptAt, current.PublishedAt, current.UpdatedAt) =
                (EventStatus.Received, replayId, 0, now, null, now);
            return true;
        };
        var written = fromCopy ? await log.UpdateAsync(e, mark, ct) : await log.UpdateAsync(e.Id, mark, ct);
        if (written is null)
        {
            return null;
        }

        dispatcher.Enqueue(written.Id);
        return replayId;
    }

    /// <summary>
    /// Replays every event in <paramref name="selected"/> (oldest first); returns how many were put back in line.
    /// Customers are marked side by side, so the writes share group commits instead of one commit after another; a
    /// customer's own events one after another, oldest first, so a drain already running for that customer never sees a
    /// newer one marked before an older one. The writes are background ones: a large replay fills the writer's spare
    /// room and never queues ahead of intake or the live lane.
    /// </summary>
    public async Task<int> ReplayManyAsync(IReadOnlyList<StripeEventDocument> selected, ReplayOrder order, CancellationToken ct)
    {
        using var background = StoreWrites.Prioritize(WritePriority.Background);
        var count = 0;
        var customers = selected.GroupBy(e => e.OrderingKey);
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = MarkedAtOnce, CancellationToken = ct }, async (events, token) =>
        {
            foreach (var e in events)
            {
                // The selection's copies are not used after this: write from them instead of reading each again.
                if (await MarkAsync(e, order, fromCopy: true, token) is not null)
                {
                    Interlocked.Increment(ref count);
                }
            }
        });
        return count;
    }

    /// <summary>Replayable events matching <paramref name="filter"/>, oldest first (pending ones are skipped).</summary>
    public async Task<IReadOnlyList<StripeEventDocument>> SelectAsync(EventFilter filter, CancellationToken ct) =>
        await log.FindAsync(
            EventFilter.And(filter.ToPredicate(), e => e.Status != EventStatus.Received),
            new() { SortBy = [new(e => e.StripeCreated)], Take = MaxBatch + 1 },
            ct);

    public async Task<long> CountAsync(EventFilter filter, CancellationToken ct) =>
        await log.CountAsync(EventFilter.And(filter.ToPredicate(), e => e.Status != EventStatus.Received), ct);
}
