using Saas.AppHost.Logs;

namespace Saas.AppHost.Resources;

/// <summary>Something the AppHost starts, watches and stops: the broker, a service, the gateway.</summary>
internal abstract class Resource(string name, string type, ResourceLog log)
{
    private readonly Lock _sync = new();
    private ResourceState _state;
    private int? _pid;
    private DateTimeOffset? _startedAt;
    private int _restarts;
    private bool _restarting;

    public string Name => name;
    public string Type => type;
    public ResourceLog Log => log;
    public abstract string? Url { get; }

    /// <summary>
    /// Raised after the state, pid, restart count or health detail changed (on the thread that changed it), so the
    /// dashboard can push updates instead of polling. Handlers must be quick and must not throw.
    /// </summary>
    public event Action<Resource>? Changed;

    /// <summary>What the last health check said; null when the resource has no health endpoint.</summary>
    public virtual string? HealthDetail => null;

    /// <summary>False for what the operator runs elsewhere (a configured broker): reported, never started or stopped.</summary>
    public virtual bool IsManaged => true;

    public ResourceState State
    {
        get { lock (_sync) { return _state; } }
    }

    public int Restarts
    {
        get { lock (_sync) { return _restarts; } }
    }

    /// <summary>Starts the resource if it is stopped.</summary>
    public abstract Task StartAsync(CancellationToken ct);

    /// <summary>Stops the resource; cancelling <paramref name="ct"/> turns a graceful stop into a kill.</summary>
    public abstract Task StopAsync(CancellationToken ct);

    /// <summary>Stops, then starts again, counting a restart.</summary>
    public virtual async Task RestartAsync(CancellationToken ct)
    {
        // Shown as "restarting" from the stop until the next start begins, not as a plain "stopped".
        lock (_sync)
        {
            _restarting = true;
            _state = ResourceState.Restarting;
        }

        OnChanged();
        try
        {
            await StopAsync(ct);
            CountRestart();
            await StartAsync(ct);
        }
        finally
        {
            lock (_sync)
            {
                _restarting = false;
            }
        }
    }

    public ResourceSnapshot Snapshot()
    {
        lock (_sync)
        {
            return new(Name, Type, _state.ToString().ToLowerInvariant(), _pid, Url, _restarts, _startedAt, HealthDetail, IsManaged);
        }
    }

    protected void SetState(ResourceState state)
    {
        lock (_sync)
        {
            if (_restarting && state == ResourceState.Stopped)
            {
                state = ResourceState.Restarting;
            }
            else if (state != ResourceState.Restarting)
            {
                _restarting = false;
            }

            if (_state == state)
            {
                return;
            }

            _state = state;
        }

        OnChanged();
    }

    protected void SetProcess(int? pid, DateTimeOffset? startedAt)
    {
        lock (_sync)
        {
            (_pid, _startedAt) = (pid, startedAt);
        }

        OnChanged();
    }

    protected void CountRestart()
    {
        lock (_sync)
        {
            _restarts++;
        }

        OnChanged();
    }

    protected void OnChanged() => Changed?.Invoke(this);
}
