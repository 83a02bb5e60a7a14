using Microsoft.Extensions.Options;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Features.Replay;

/// <summary>
/// saasbackend's retry of failed events (<c>POST /api/admin/stripe-webhooks[/:id]/retry</c>): a replay through the
/// usual path, then a wait of up to <see cref="WebhooksOptions.RetryWait"/> for its first attempt, so the caller hears
/// whether the event went through as saasbackend's synchronous retry told it.
/// </summary>
public sealed class RetryRunner(StripeEventLog log, ReplayRequester requester, IOptions<WebhooksOptions> options)
{
    public const string Reason = "retry of a failed event (saasbackend's retry route)";

    /// <summary>Replays <paramref name="e"/> (a failed or processed-but-retried event) and waits for its outcome.</summary>
    public async Task<RetryOutcome> RetryAsync(StripeEventDocument e, string requestedBy, CancellationToken ct)
    {
        var replayId = await requester.ReplayAsync(e, new ReplayOrder(requestedBy, Reason, RepeatSideEffects: false), ct);
        if (replayId is null)
        {
            return new RetryOutcome(RetryOutcome.Pending, "The event is already being processed", e);
        }

        return (await WaitAsync([(e.Id, replayId)], ct))[0];
    }

    /// <summary>
    /// saasbackend's batch: failed events retried fewer than <paramref name="maxRetries"/> times by this route, oldest
    /// first, at most <paramref name="limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<RetryOutcome>> RetryFailedAsync(int limit, int maxRetries, string requestedBy, CancellationToken ct)
    {
        var failed = await log.FindAsync(e => e.Status == EventStatus.Failed,
            new() { SortBy = [new(e => e.CreatedAt), new(e => e.Id)], Take = ReplayRequester.MaxBatch }, ct);
        var started = new List<(string Id, string ReplayId)>();
        foreach (var e in failed.Where(e => e.Replays.Count(r => r.Reason == Reason) < maxRetries).Take(limit))
        {
            if (await requester.ReplayAsync(e, new ReplayOrder(requestedBy, Reason, RepeatSideEffects: false), ct) is { } replayId)
            {
                started.Add((e.Id, replayId));
            }
        }

        return await WaitAsync(started, ct);
    }

    private async Task<IReadOnlyList<RetryOutcome>> WaitAsync(IReadOnlyList<(string Id, string ReplayId)> replays, CancellationToken ct)
    {
        // Real time, not the injected clock: this waits for other threads' work.
        var deadline = DateTime.UtcNow + options.Value.RetryWait;
        var outcomes = new RetryOutcome?[replays.Count];
        while (true)
        {
            for (var i = 0; i < replays.Count; i++)
            {
                if (outcomes[i] is null && await log.GetAsync(replays[i].Id, ct) is { } current)
                {
                    outcomes[i] = Outcome(current, replays[i].ReplayId, final: DateTime.UtcNow >= deadline);
                }
            }

            if (outcomes.All(o => o is not null))
            {
                return outcomes!;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    /// <summary>The replay's first attempt decides; null while it has not run (unless <paramref name="final"/>).</summary>
    private static RetryOutcome? Outcome(StripeEventDocument e, string replayId, bool final)
    {
        var attempt = e.Attempts.LastOrDefault(a => a.ReplayId == replayId);
        return attempt switch
        {
            { Error: null } => new RetryOutcome(RetryOutcome.Processed, "Event processed successfully", e),
            { Error: { } error } => new RetryOutcome(RetryOutcome.Failed, error, e),
            _ when final => new RetryOutcome(RetryOutcome.Pending, "Retry queued; the event is still being processed", e),
            _ => null,
        };
    }
}

public sealed record RetryOutcome(string Result, string Message, StripeEventDocument Event)
{
    public const string Processed = "processed";
    public const string Failed = "failed";
    public const string Pending = "pending";
}
