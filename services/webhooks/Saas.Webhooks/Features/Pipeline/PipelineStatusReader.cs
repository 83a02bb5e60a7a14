using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Features.Pipeline;

/// <summary>
/// Reads <see cref="PipelineStatus"/> from the event log with indexed counts and single-row look-ups, and keeps the
/// latest reading for a few seconds: the gauges and the internal API ask often, the answer changes slowly.
/// </summary>
public sealed class PipelineStatusReader(StripeEventLog log, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim reading = new(1, 1);
    private volatile PipelineStatus? latest;

    /// <summary>The latest reading, or null before the first one (the gauges then report nothing).</summary>
    public PipelineStatus? Latest => latest;

    /// <summary>The cached reading when younger than <see cref="CacheFor"/>, a fresh one otherwise.</summary>
    public async Task<PipelineStatus> GetAsync(CancellationToken ct)
    {
        if (latest is { } cached && time.GetUtcNow() - cached.MeasuredAt < CacheFor)
        {
            return cached;
        }

        await reading.WaitAsync(ct);
        try
        {
            if (latest is { } again && time.GetUtcNow() - again.MeasuredAt < CacheFor)
            {
                return again;
            }

            return latest = await ReadAsync(ct);
        }
        finally
        {
            reading.Release();
        }
    }

    /// <summary>Reads now, ignoring the cache (tests, and the refresher's first pass).</summary>
    public async Task<PipelineStatus> RefreshAsync(CancellationToken ct)
    {
        await reading.WaitAsync(ct);
        try
        {
            return latest = await ReadAsync(ct);
        }
        finally
        {
            reading.Release();
        }
    }

    private async Task<PipelineStatus> ReadAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var failed = await log.CountAsync(e => e.Status == EventStatus.Failed, ct);
        var latestFailure = failed == 0 ? null : (await log.FindAsync(e => e.Status == EventStatus.Failed,
            new() { SortBy = [new(e => e.UpdatedAt, Descending: true)], Take = 1 }, ct)).FirstOrDefault();
        var backlog = await log.CountAsync(e => e.Status == EventStatus.Received, ct);
        var oldest = backlog == 0 ? null : (await log.FindAsync(e => e.Status == EventStatus.Received,
            new() { SortBy = [new(e => e.CreatedAt)], Take = 1 }, ct)).FirstOrDefault();

        var pinned = ApiVersionDrift.Pinned;
        var drifted = await log.CountAsync(e => e.ApiVersion != null && e.ApiVersion != pinned, ct);
        var latestDrift = drifted == 0 ? null : (await log.FindAsync(e => e.ApiVersion != null && e.ApiVersion != pinned,
            new() { SortBy = [new(e => e.CreatedAt, Descending: true)], Take = 1 }, ct)).FirstOrDefault();

        return new PipelineStatus(
            now,
            failed,
            latestFailure is { } f
                ? new FailedEvent(f.Id, f.StripeEventId, f.EventType, f.UpdatedAt, f.Attempts.Count, f.ProcessingErrors.LastOrDefault())
                : null,
            backlog,
            oldest?.CreatedAt,
            pinned,
            drifted,
            latestDrift is { } d ? new DriftedEvent(d.Id, d.StripeEventId, d.EventType, d.ApiVersion ?? "", d.CreatedAt) : null);
    }
}
