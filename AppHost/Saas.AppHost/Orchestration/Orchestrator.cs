using System.Diagnostics;
using Microsoft.Extensions.Options;
using Saas.AppHost.Configuration;
using Saas.AppHost.Dashboard.Access;
using Saas.AppHost.Resources;
using Saas.AppHost.Status;

namespace Saas.AppHost.Orchestration;

/// <summary>
/// Starts the resources in dependency order with health waits, and stops them in reverse: gateway first (no new
/// traffic), then the services, then the Stripe emulator, then the broker they were draining into.
/// </summary>
internal sealed class Orchestrator(
    AppModel model, AppHostExit exit, IHostApplicationLifetime lifetime, IOptions<AppHostOptions> options, DashboardToken dashboard)
    : BackgroundService, IHostedLifecycleService
{
    private const int LogLinesOnFailure = 25;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            // Hosted services start before Kestrel; wait until the dashboard port is bound, so a taken port stops
            // the AppHost before it has launched anything it would have to clean up.
            await WhenStartedAsync(stoppingToken);
            Console.WriteLine(dashboard.StartLine(options.Value.DashboardPort));
            Console.WriteLine($"Starting {model.Messaging.Name}...");
            await StartBrokerAsync(stoppingToken);
            await StartAndWaitAsync(model.Emulators, stoppingToken);
            await StartAndWaitAsync(model.Services, stoppingToken);
            await StartAndWaitAsync([model.Gateway], stoppingToken);

            ResourceTable.Write(Console.Out, model.All.Select(r => r.Snapshot()));
            Console.WriteLine($"Gateway: {model.GatewayUrl}");
            Console.WriteLine($"All resources running after {clock.Elapsed.TotalSeconds:0.0} s. Press Ctrl+C to stop.");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown requested while starting; StopAsync cleans up.
        }
        catch (ResourceStartException ex)
        {
            ReportFailure(ex.Resource, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug of ours: still stop what was started and exit non-zero instead of hanging half-started.
            ReportFailure("apphost", ex.ToString());
        }
    }

    /// <summary>
    /// Stops everything before the web server stops (hosted services stop after it, in reverse order): while the services
    /// shut down, the dashboard still shows them and the OTLP receiver still takes their last telemetry, instead of
    /// their exporters retrying against a closed port.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Console.WriteLine("Stopping...");
        await StopQuietlyAsync([model.Gateway], cancellationToken);
        await StopQuietlyAsync(model.Services, cancellationToken);
        await StopQuietlyAsync(model.Emulators, cancellationToken);
        await StopQuietlyAsync([model.Messaging], cancellationToken);
        Console.WriteLine("Stopped.");
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    private async Task StartBrokerAsync(CancellationToken ct)
    {
        try
        {
            await model.Messaging.StartAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            throw new ResourceStartException(model.Messaging.Name, ex.Message);
        }
    }

    private async Task StartAndWaitAsync(IReadOnlyList<ProjectResource> projects, CancellationToken ct)
    {
        if (projects.Count == 0)
        {
            return;
        }

        Console.WriteLine($"Starting {string.Join(", ", projects.Select(p => p.Name))}...");
        var timeout = TimeSpan.FromSeconds(options.Value.StartTimeoutSeconds);
        foreach (var project in projects)
        {
            await project.StartAsync(ct);
        }

        // Fail as soon as one fails, instead of waiting for the slowest to time out.
        var pending = projects.ToDictionary(p => p.WaitUntilReadyAsync(timeout, ct));
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending.Keys);
            var project = pending[done];
            pending.Remove(done);
            if (done.Exception?.InnerException is TimeoutException)
            {
                throw new ResourceStartException(
                    project.Name, $"{project.Name} did not become healthy within {timeout.TotalSeconds:0} s (last answer: {project.LastHealthAnswer})");
            }

            await done;
        }
    }

    private void ReportFailure(string resource, string message)
    {
        foreach (var each in model.All)
        {
            each.Log.Muted = true;
        }

        var error = Console.Error;
        error.WriteLine($"Startup failed: {message}");
        if (model.Find(resource) is { } failed)
        {
            error.WriteLine($"Last lines of {resource}'s output (all of it in {failed.Log.FilePath}):");
            foreach (var line in failed.Log.Lines.Tail(LogLinesOnFailure))
            {
                error.WriteLine($"  {line.Text}");
            }
        }

        exit.Code = AppHostExit.StartFailed;
        lifetime.StopApplication();
    }

    private static async Task StopQuietlyAsync(IEnumerable<Resource> resources, CancellationToken ct)
    {
        await Task.WhenAll(resources.Select(async resource =>
        {
            try
            {
                await resource.StopAsync(ct);
            }
            catch (Exception ex)
            {
                // One resource failing to stop must not leave the others running.
                Console.Error.WriteLine($"[{resource.Name}] could not be stopped cleanly: {ex.Message}");
            }
        }));
    }
}
