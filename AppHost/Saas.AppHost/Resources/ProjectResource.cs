using Saas.AppHost.Logs;
using Saas.AppHost.Orchestration;

namespace Saas.AppHost.Resources;

/// <summary>
/// A service or the gateway: one <c>dotnet</c> process at a time, restarted with backoff when it exits on its own,
/// stopped with SIGTERM (then SIGKILL after a grace period) when asked.
/// </summary>
internal sealed partial class ProjectResource(
    ProjectSpec spec, Func<IReadOnlyDictionary<string, string?>> environment, ResourceLog log, HealthProbe probe, TimeProvider time)
    : Resource(spec.Name, spec.Type, log)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _commands = new(1, 1);
    private Supervision? _current;

    public ProjectSpec Spec => spec;

    public override string Url => spec.Url;

    /// <summary>What the health endpoint last said, e.g. <c>503 from /health: {"status":"Unhealthy",…}</c>.</summary>
    public string LastHealthAnswer { get; private set; } = "none yet";

    public override string HealthDetail => LastHealthAnswer;

    public override async Task StartAsync(CancellationToken ct)
    {
        await _commands.WaitAsync(ct);
        try
        {
            // A finished loop (the process could not even be launched) may be started again.
            if (_current is null or { Loop.IsCompleted: true })
            {
                var run = new Supervision();
                SetState(ResourceState.Starting);
                run.Loop = Task.Run(() => SuperviseAsync(run), CancellationToken.None);
                _current = run;
                // Return once there is a pid to show, so the caller's snapshot means something.
                await Task.WhenAny(run.Launched.Task, run.Loop);
            }
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>Completes when the current run first becomes healthy; fails if its process exits before that.</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct) =>
        (_current?.Ready.Task ?? Task.FromException(new ResourceStartException(Name, $"{Name} is not started"))).WaitAsync(timeout, ct);

    public override async Task StopAsync(CancellationToken ct)
    {
        await _commands.WaitAsync(CancellationToken.None);
        try
        {
            if (_current is not { } run)
            {
                return;
            }

            await run.Stop.CancelAsync();
            try
            {
                await run.Loop.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                // The shutdown deadline passed: no more grace.
                await run.Kill.CancelAsync();
                await run.Loop;
            }

            _current = null;
        }
        finally
        {
            _commands.Release();
        }
    }
}
