using MassTransit;
using Microsoft.Extensions.Hosting;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>Tells <see cref="BrokerConnection"/> when the bus is healthy again after an outage (MassTransit logs nothing useful then).</summary>
internal sealed class BrokerConnectionWatch(IBusControl bus, BrokerConnection connection, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (connection.IsDown && bus.CheckHealth().Status == BusHealthStatus.Healthy)
            {
                connection.Healthy();
            }
        }
    }
}
