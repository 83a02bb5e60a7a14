namespace Saas.AppHost.Telemetry.Queues;

/// <summary>
/// The latest queue depths read from the broker, and when someone last asked for them: reading costs a rabbitmqctl
/// run (an Erlang VM start, about a second of CPU), so the poller reads only while the metrics view is being watched.
/// </summary>
internal sealed class QueueDepths(TimeProvider time)
{
    /// <summary>How long after the last request for metrics the poller keeps reading.</summary>
    public static readonly TimeSpan DemandLasts = TimeSpan.FromSeconds(60);

    private IReadOnlyList<QueueDepth> _current = [];
    private long _lastAskedTicks;

    public IReadOnlyList<QueueDepth> Current => Volatile.Read(ref _current);

    public bool IsWatched => time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastAskedTicks) < DemandLasts.Ticks;

    /// <summary>Called by the metrics API: start (or keep) polling.</summary>
    public void NoteDemand() => Interlocked.Exchange(ref _lastAskedTicks, time.GetUtcNow().UtcTicks);

    public void Update(IReadOnlyList<QueueDepth> queues) => Volatile.Write(ref _current, queues);
}
