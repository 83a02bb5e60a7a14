using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Saas.AppHost.Supervision;

/// <summary>
/// Restarts every resource marked with <see cref="RestartOnExitAnnotation"/> whenever it exits on its own (a crash,
/// SIGKILL, the OOM killer) — not when an operator stopped it with the dashboard's Stop command
/// (<see cref="OperatorStops"/>): that one stays down until the operator starts it again. Same ports, arguments and data directory: Aspire does not restart
/// executables or projects on its own. For the RabbitMQ node this keeps durable queues and persistent messages and every
/// service's connection string. Backoff 1, 2, 4 … 30 s; after <c>AppHost:RestartAttempts</c> (default
/// <see cref="DefaultMaxAttempts"/>) failed starts in a row the
/// resource is shown as failed with the reason. While it is down the dashboard shows it Exited and its console log
/// says when the next attempt comes.
/// </summary>
internal sealed class RestartSupervisor(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService loggers,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration) : BackgroundService
{
    private readonly OperatorStops _operatorStops = new();

    public const int DefaultMaxAttempts = 8;

    private int MaxAttempts => configuration.GetValue("AppHost:RestartAttempts", DefaultMaxAttempts) is var n and > 0 ? n : DefaultMaxAttempts;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        await Task.WhenAll(model.Resources.Where(r => r.HasAnnotationOfType<RestartOnExitAnnotation>()).Select(r => SuperviseAsync(r, stopping.Token)));
    }

    private async Task SuperviseAsync(IResource node, CancellationToken ct)
    {
        var log = loggers.GetLogger(node);
        try
        {
            // Aspire adds its lifecycle commands when the run starts: wrap Stop once the snapshot lists it.
            await notifications.WaitForResourceAsync(
                node.Name, e => e.Snapshot.Commands.Any(c => c.Name == KnownResourceCommands.StopCommand) && _operatorStops.WrapStopCommand(node), ct);
            while (!ct.IsCancellationRequested)
            {
                var down = await notifications.WaitForResourceAsync(node.Name, e => IsDown(e.Snapshot), ct);
                if (_operatorStops.IsStopped(node.Name))
                {
                    await StayStoppedAsync(node, log, ct);
                    continue;
                }

                await RestartUntilHealthyAsync(node, Describe(down.Snapshot), log, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Leaves a resource the operator stopped alone until it runs again (the operator's Start), then supervises it again.</summary>
    private async Task StayStoppedAsync(IResource node, ILogger log, CancellationToken ct)
    {
        log.LogWarning("{Resource} was stopped by the operator: not restarting it (Start it from the dashboard)", node.Name);
        await notifications.WaitForResourceAsync(node.Name, e => e.Snapshot.State?.Text == KnownResourceStates.Running, ct);
        _operatorStops.Clear(node.Name);
    }

    private static bool IsDown(CustomResourceSnapshot s) =>
        s.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state);

    private static string Describe(CustomResourceSnapshot s) =>
        $"{s.State?.Text}{(s.ExitCode is { } code ? $" with exit code {code}" : "")}";

    private async Task RestartUntilHealthyAsync(IResource node, string reason, ILogger log, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt - 1)));
            log.LogWarning("{Resource} {Reason}: restarting it in {Delay} s (attempt {Attempt} of {Max})",
                node.Name, reason, delay.TotalSeconds, attempt, MaxAttempts);
            await Task.Delay(delay, ct);
            if (_operatorStops.IsStopped(node.Name))
            {
                // The operator pressed Stop while it was coming back: theirs is the last word.
                return;
            }

            var result = await commands.ExecuteCommandAsync(node, KnownResourceCommands.StartCommand, ct);
            if (!result.Success)
            {
                reason = $"could not be started ({result.Message})";
                continue;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartTimeout);
            try
            {
                // The snapshot may still show the old exit right after the command: wait for the new run first.
                await notifications.WaitForResourceAsync(node.Name, e => !IsDown(e.Snapshot), timeout.Token);
                var settled = await notifications.WaitForResourceAsync(
                    node.Name,
                    e => IsDown(e.Snapshot) || e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy,
                    timeout.Token);
                if (_operatorStops.IsStopped(node.Name))
                {
                    return;
                }

                if (!IsDown(settled.Snapshot))
                {
                    log.LogWarning("{Resource} is back (restart attempt {Attempt})", node.Name, attempt);
                    return;
                }

                reason = Describe(settled.Snapshot);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reason = $"not healthy within {StartTimeout.TotalSeconds:0} s";
            }
        }

        var message = $"{node.Name} could not be restarted: {MaxAttempts} attempts failed, last {reason}; see this resource's console log";
        log.LogError("{Message}", message);
        await notifications.PublishUpdateAsync(node, s => s with
        {
            State = new ResourceStateSnapshot("Failed: " + reason, KnownResourceStateStyles.Error),
        });
        // Waits for the operator (dashboard Start) or the end of the AppHost: a resource that runs again is supervised again.
        await notifications.WaitForResourceAsync(node.Name, e => e.Snapshot.State?.Text == KnownResourceStates.Running, ct);
    }
}
