using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Saas.ServiceDefaults.Telemetry;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>
/// <c>saas.messaging.queue.depth</c>, <c>.consumers</c> and <c>.error_messages</c> per queue (dimension
/// <c>messaging.destination.name</c>), observable gauges over <see cref="BrokerQueues.Latest"/>, refreshed every few
/// seconds; the exporter's thread only reads the cached figures.
/// </summary>
public sealed class QueueInstruments : BackgroundService
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private readonly BrokerQueues queues;
    private readonly TimeProvider time;

    public QueueInstruments(IMeterFactory meters, BrokerQueues queues, TimeProvider time)
    {
        (this.queues, this.time) = (queues, time);
        var meter = meters.Create(TelemetryExtensions.SourceName);
        meter.CreateObservableGauge("saas.messaging.queue.depth", () => Observe(q => q.Depth), "{message}", "Messages ready in the queue");
        meter.CreateObservableGauge("saas.messaging.queue.consumers", () => Observe(q => q.Consumers), "{consumer}", "Consumers attached to the queue");
        meter.CreateObservableGauge("saas.messaging.queue.error_messages", () => Observe(q => q.ErrorMessages), "{message}",
            "Messages in the queue's _error queue (failed after every retry)");
    }

    private IEnumerable<Measurement<long>> Observe(Func<QueueReading, uint> value) =>
        queues.Latest.Select(q => new Measurement<long>(value(q), new KeyValuePair<string, object?>("messaging.destination.name", q.Queue)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshEvery, time);
        do
        {
            try
            {
                await queues.RefreshAsync(stoppingToken);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Never stop the host over a figure: the gauges keep the last reading and the next tick tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>Degraded while one of this process's <c>_error</c> queues holds messages: they wait for someone to look.</summary>
public sealed class ErrorQueueHealthCheck(BrokerQueues queues) : IHealthCheck
{
    public const string Name = "error-queues";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var holding = queues.Latest.Where(q => q.ErrorMessages > 0).ToList();
        return Task.FromResult(holding.Count == 0
            ? HealthCheckResult.Healthy("No message in an error queue")
            : HealthCheckResult.Degraded(string.Join("; ", holding.Select(q => $"{q.ErrorMessages} message(s) in {q.Queue}_error"))));
    }
}
