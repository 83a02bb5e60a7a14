using System.Diagnostics.Metrics;

namespace Saas.Webhooks.Features.Pipeline;

/// <summary>
/// Observable gauges over <see cref="PipelineStatusReader.Latest"/>, on the meter ServiceDefaults exports (<c>Saas</c>).
/// Their callbacks run on the exporter's thread, so they only read the cached reading; <see cref="PipelineStatusRefresher"/>
/// keeps it fresh.
/// </summary>
public sealed class PipelineGauges
{
    public PipelineGauges(IMeterFactory meters, PipelineStatusReader reader)
    {
        var meter = meters.Create(WebhookMetrics.MeterName);
        meter.CreateObservableGauge("saas.webhooks.retry_backlog",
            () => Observe(reader, s => s.Backlog), "{event}", "Events waiting for their first or next processing attempt");
        meter.CreateObservableGauge("saas.webhooks.oldest_pending.age",
            () => Observe(reader, s => s.OldestPendingAge.TotalSeconds), "s", "Age of the oldest event still waiting to be processed");
        meter.CreateObservableGauge("saas.webhooks.failed_events",
            () => Observe(reader, s => s.FailedEvents), "{event}", "Events that exhausted their retries and wait for a replay");
    }

    private static IEnumerable<Measurement<T>> Observe<T>(PipelineStatusReader reader, Func<PipelineStatus, T> value) where T : struct =>
        reader.Latest is { } status ? [new Measurement<T>(value(status))] : [];
}

/// <summary>Refreshes the pipeline reading every <see cref="PipelineStatusReader.CacheFor"/> so the gauges stay current.</summary>
public sealed class PipelineStatusRefresher(
    PipelineStatusReader reader, PipelineGauges gauges, TimeProvider time, ILogger<PipelineStatusRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = gauges; // resolved here so the instruments exist from the start
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reader.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Reading the webhook pipeline's status failed; the gauges keep the last reading");
            }

            try
            {
                await Task.Delay(PipelineStatusReader.CacheFor, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
