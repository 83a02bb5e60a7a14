using Microsoft.Extensions.Options;

namespace Saas.AppHost.Telemetry.Queues;

/// <summary>Where queue depths come from; null when there is no broker the AppHost can read (an external one).</summary>
internal interface IQueueSource
{
    Task<IReadOnlyList<QueueDepth>?> ReadAsync(CancellationToken ct);
}

/// <summary>Reads the queue depths every <c>AppHost:Telemetry:QueuePollSeconds</c> while the metrics view is watched.</summary>
internal sealed class QueueDepthPoller(
    IServiceProvider services, QueueDepths depths, IOptions<TelemetryStoreOptions> options, TimeProvider time, ILogger<QueueDepthPoller> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Optional: the AppHost registers one; a receiver hosted alone (tests) has no broker to read.
        if (services.GetService<IQueueSource>() is not { } source)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(options.Value.QueuePollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (depths.IsWatched)
            {
                try
                {
                    depths.Update(await source.ReadAsync(stoppingToken) ?? []);
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                {
                    // The broker may be stopping or restarting from the dashboard: keep the last depths, try again later.
                    logger.LogDebug(ex, "Reading queue depths failed");
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogDebug("Reading queue depths timed out");
                }
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
