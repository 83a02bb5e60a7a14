using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Saas.ServiceDefaults.Messaging;
using Saas.Testing;

namespace Saas.ServiceDefaults.Tests.Messaging;

/// <summary>Queue gauges and the error-queue health check read a real RabbitMQ queue (issue 19 items 1 and 2).</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class QueueInstrumentsTests(RabbitMqFixture rabbit)
{
    [Fact]
    public async Task ErrorQueue_WhenAMessageFailsEveryRetry_ShouldCountItInTheGaugeAndDegradeHealthNamingTheQueue()
    {
        await using var app = await TestApps.StartAsync(
        [
            new("ConnectionStrings:messaging", rabbit.ConnectionString),
            new("Messaging:RetryIntervals:0", "00:00:00.050"),
        ]);
        var queue = MessagingExtensions.EndpointNameFormatterFor(app.Environment.ApplicationName).Consumer<FailingConsumer>();
        var queues = app.Services.GetRequiredService<BrokerQueues>();
        using var gauges = new GaugeReader(app.Services.GetRequiredService<IMeterFactory>());
        await queues.RefreshAsync(CancellationToken.None);
        Assert.True(queues.Queues.Contains(queue), $"{queue} not in [{string.Join(", ", queues.Queues)}]");
        Assert.True(gauges.Read("saas.messaging.queue.consumers", queue) >= 1);
        Assert.Equal(0, gauges.Read("saas.messaging.queue.error_messages", queue));

        try
        {
            var id = Guid.NewGuid();
            await app.Services.GetRequiredService<IBus>().Publish(new FailRequested(id));
            await app.Services.GetRequiredService<ConsumerProbe>().WaitForAttemptsAsync(id, 2, TimeSpan.FromSeconds(30));

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await queues.RefreshAsync(CancellationToken.None)).Single(q => q.Queue == queue).ErrorMessages == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the failed message never reached the error queue");
                await Task.Delay(100);
            }

            Assert.Equal(1, gauges.Read("saas.messaging.queue.error_messages", queue));
            var health = await app.GetTestClient().GetAsync("/health");
            var check = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty(ErrorQueueHealthCheck.Name);
            Assert.Equal("Degraded", check.GetProperty("status").GetString());
            Assert.Equal($"1 message(s) in {queue}_error", check.GetProperty("description").GetString());
        }
        finally
        {
            // The collection shares the broker: leave the error queue as found.
            await using var connection = await new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueuePurgeAsync(queue + "_error");
        }
    }

    /// <summary>Reads this app's <c>saas.messaging.queue.*</c> gauges (other apps in the run are ignored).</summary>
    private sealed class GaugeReader : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentDictionary<(string, string), long> values = new();

        public GaugeReader(IMeterFactory factory)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name.StartsWith("saas.messaging.queue.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "messaging.destination.name")
                    {
                        values[(i.Name, (string)tag.Value!)] = v;
                    }
                }
            });
            listener.Start();
        }

        public long? Read(string name, string queue)
        {
            values.Clear();
            listener.RecordObservableInstruments();
            return values.TryGetValue((name, queue), out var v) ? v : null;
        }

        public void Dispose() => listener.Dispose();
    }
}
