using System.Linq.Expressions;
using Microsoft.Extensions.Options;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// Works through one customer's pending events, oldest Stripe <c>created</c> first, one at a time. A message
/// only says "this customer has work": whoever holds the customer's lease processes every due event of that
/// customer, whichever message woke it, so the order holds however many consumers compete.
/// </summary>
public sealed class CustomerQueue(
    StripeEventLog log,
    CustomerLeases leases,
    EventProcessor processor,
    EventDispatcher dispatcher,
    TimeProvider time,
    IOptions<WebhooksOptions> options)
{
    /// <param name="orderingKey">The woken event's customer when the message names it; else the event is read for it.</param>
    public async Task DrainAsync(string storedEventId, string? orderingKey, ProcessingLane lane, CancellationToken ct)
    {
        if ((orderingKey ?? (await log.GetAsync(storedEventId, ct))?.OrderingKey) is not { } key)
        {
            return;
        }

        var owner = Guid.NewGuid().ToString("N");
        var duration = options.Value.CustomerLeaseDuration;
        var seen = new HashSet<(string, long)>();
        while (true)
        {
            if (!await leases.TryAcquireAsync(key, owner, duration, ct, knockAs: lane))
            {
                // Our knock tells the holder to look again after letting go, so it also sees the event that woke us.
                return;
            }

            var renewedAt = time.GetUtcNow();
            LaneKnocks knocks;
            try
            {
                while (true)
                {
                    // Whatever knocked before this look was stored before it, so the look sees it.
                    leases.ClearKnocks(key, owner);
                    var (next, more) = await DueAsync(key, lane, ct);
                    if (next is null)
                    {
                        break;
                    }

                    // Processing always moves an event on (processed, rescheduled or failed); seeing the same
                    // version again would mean it did not, and looping on it would never end.
                    if (!seen.Add((next.Id, next.Version)))
                    {
                        return;
                    }

                    // Renewed as a backlog goes on, so it never outlives the lease; not before every event, though:
                    // with at least three quarters of the lease left (1.5 PublishTimeouts or more, as the lease is at
                    // least two), one event fits, and a stored lease's renewal is a durable write.
                    if (time.GetUtcNow() - renewedAt >= duration / 4)
                    {
                        if (!await leases.TryAcquireAsync(key, owner, duration, ct))
                        {
                            return;
                        }

                        renewedAt = time.GetUtcNow();
                    }

                    await processor.ProcessAsync(next, ct);
                    if (!more)
                    {
                        // Nothing else was due at that look; whatever arrived since knocked, and the release tells.
                        break;
                    }
                }
            }
            finally
            {
                knocks = await leases.ReleaseAsync(key, owner, CancellationToken.None);
            }

            // A message of our lane turned away after our last look: look again now that the lease is free (a stored
            // lease cannot tell, so then we always look).
            if (knocks.Has(lane) && await NextDueAsync(key, lane, ct) is not null)
            {
                continue;
            }

            if (knocks.Has(Other(lane)))
            {
                await NudgeOtherLaneAsync(key, lane, ct);
            }

            return;
        }
    }

    private static ProcessingLane Other(ProcessingLane lane) => lane == ProcessingLane.Live ? ProcessingLane.Replay : ProcessingLane.Live;

    /// <summary>The other lane's messages may also have been turned away while we held the lease.</summary>
    private async Task NudgeOtherLaneAsync(string key, ProcessingLane lane, CancellationToken ct)
    {
        if (await NextDueAsync(key, Other(lane), ct) is { } waiting)
        {
            await dispatcher.DispatchAsync(waiting, ct);
        }
    }

    private async Task<StripeEventDocument?> NextDueAsync(string key, ProcessingLane lane, CancellationToken ct) =>
        (await DueAsync(key, lane, ct)).Next;

    /// <summary>The customer's oldest due event on <paramref name="lane"/>, and whether another was due behind it.</summary>
    private async Task<(StripeEventDocument? Next, bool More)> DueAsync(string key, ProcessingLane lane, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Expression<Func<StripeEventDocument, bool>> due = lane == ProcessingLane.Live
            ? e => e.OrderingKey == key && e.Status == EventStatus.Received && e.NextAttemptAt != null &&
                   e.NextAttemptAt <= now && e.PendingReplayId == null
            : e => e.OrderingKey == key && e.Status == EventStatus.Received && e.NextAttemptAt != null &&
                   e.NextAttemptAt <= now && e.PendingReplayId != null;
        var found = await log.FindAsync(due, new()
        {
            SortBy = [new(e => e.StripeCreated), new(e => e.CreatedAt)],
            // Two, not one: when only one is due (a customer's usual case) the drain ends without a look that finds nothing.
            Take = 2,
        }, ct);
        return (found.Count > 0 ? found[0] : null, found.Count > 1);
    }
}
