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

    /// <summary>The replay id, or null when the event is still pending (it will be processed anyway).</summary>
    public async Task<string?> ReplayAsync(StripeEventDocument e, ReplayOrder order, CancellationToken ct)
    {
        var replayId = Guid.NewGuid().ToString("N");
        var written = await log.UpdateAsync(e.Id, current =>
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
        }, ct);

        if (written is null)
        {
            return null;
        }

        dispatcher.Enqueue(written.Id);
        return replayId;
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
