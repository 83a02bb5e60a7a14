using Saas.AppHost.Orchestration;
using Saas.AppHost.Processes;

namespace Saas.AppHost.Resources;

/// <summary>The supervision loop: launch, watch health, restart with backoff after a crash, stop on request.</summary>
internal sealed partial class ProjectResource
{
    private async Task SuperviseAsync(Supervision run)
    {
        var failures = 0;
        while (!run.Stop.IsCancellationRequested)
        {
            SetState(ResourceState.Starting);
            ManagedProcess launched;
            try
            {
                launched = ProjectLauncher.Launch(spec, environment(), Log);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
            {
                Log.Note($"could not start: {ex.Message}");
                run.Ready.TrySetException(new ResourceStartException(Name, $"{Name} could not start: {ex.Message}"));
                SetState(ResourceState.Exited);
                return;
            }

            using var process = launched;
            // The previous process's last answer says nothing about this one.
            LastHealthAnswer = "no answer yet";
            SetProcess(process.Id, process.StartedAt);
            run.Launched.TrySetResult();
            Log.Note($"started pid {process.Id} on {spec.BindUrl}");

            using (var watching = CancellationTokenSource.CreateLinkedTokenSource(run.Stop.Token))
            {
                var health = WatchHealthAsync(run, watching.Token);
                await Task.WhenAny(process.Exited, Task.Delay(Timeout.Infinite, run.Stop.Token));
                await watching.CancelAsync();
                await health;
            }

            if (run.Stop.IsCancellationRequested)
            {
                await process.StopAsync(StopGrace, run.Kill.Token);
                Log.Note($"stopped (exit code {process.Exited.Result})");
                break;
            }

            // Counting only crashes since the last long healthy spell keeps a flapping service slow to restart.
            failures = run.HealthySince is { } since && time.GetUtcNow() - since >= Backoff.ResetAfter ? 1 : failures + 1;
            run.HealthySince = null;
            run.Recovering = true;
            var delay = Backoff.Delay(failures);
            var message = $"exited unexpectedly with code {process.Exited.Result}; restarting in {delay.TotalSeconds:0} s";
            Log.Alert(message);
            run.Ready.TrySetException(new ResourceStartException(Name, $"{Name} exited with code {process.Exited.Result} before it became healthy"));
            SetProcess(null, null);
            SetState(ResourceState.Restarting);
            try
            {
                await Task.Delay(delay, time, run.Stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            CountRestart();
        }

        SetProcess(null, null);
        SetState(ResourceState.Stopped);
    }

    private async Task WatchHealthAsync(Supervision run, CancellationToken ct)
    {
        try
        {
            foreach (var path in spec.ReadinessPaths)
            {
                while (!await IsHealthyAsync(path, ct))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct);
                }
            }

            SetState(ResourceState.Running);
            run.HealthySince = time.GetUtcNow();
            run.Ready.TrySetResult();
            if (run.Recovering)
            {
                Log.Alert("healthy again after the restart");
                run.Recovering = false;
            }
            else
            {
                Log.Note("healthy");
            }

            // Afterwards only watch: an unhealthy process may recover (a broker coming back); a dead one is restarted.
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), time, ct);
                var healthy = await IsHealthyAsync(spec.ReadinessPaths[^1], ct);
                if (healthy != (State == ResourceState.Running))
                {
                    SetState(healthy ? ResourceState.Running : ResourceState.Unhealthy);
                    run.HealthySince = healthy ? time.GetUtcNow() : null;
                    Log.Alert(healthy ? "healthy again" : $"unhealthy: {spec.ReadinessPaths[^1]} does not answer 200");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The process exited or a stop was requested.
        }
    }

    private async Task<bool> IsHealthyAsync(string path, CancellationToken ct)
    {
        var answer = await probe.CheckAsync(spec.BindUrl + path, ct);
        if (answer.Summary != LastHealthAnswer)
        {
            LastHealthAnswer = answer.Summary;
            OnChanged();
        }
        return answer.Healthy;
    }

    /// <summary>One start-to-stop run of the supervision loop.</summary>
    private sealed class Supervision
    {
        public CancellationTokenSource Stop { get; } = new();
        public CancellationTokenSource Kill { get; } = new();
        public TaskCompletionSource Launched { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Loop { get; set; } = Task.CompletedTask;
        public DateTimeOffset? HealthySince { get; set; }
        public bool Recovering { get; set; }
    }
}
