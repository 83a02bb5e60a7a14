using System.Text;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Saas.ServiceDefaults.Messaging;
using Saas.Testing;

namespace Saas.ServiceDefaults.Tests.Messaging;

[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqFixture>
{
    public const string Name = "rabbitmq";
}

[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqMessagingTests(RabbitMqFixture rabbit)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("ConnectionStrings:messaging", rabbit.ConnectionString),
        new("Messaging:RetryIntervals:0", "00:00:00.050"),
        new("Messaging:RetryIntervals:1", "00:00:00.050"),
    ];

    [Fact]
    public async Task Publish_WhenAConsumerIsRegistered_ShouldDeliverTheMessageThroughTheBroker()
    {
        await using var app = await TestApps.StartAsync(Settings());
        var probe = app.Services.GetRequiredService<ConsumerProbe>();
        var id = Guid.NewGuid();

        await app.Services.GetRequiredService<IBus>().Publish(new PingRequested(id));

        Assert.Equal(1, await probe.WaitForAttemptsAsync(id, 1, Patience));
    }

    [Fact]
    public async Task Publish_WhenTheConsumerAlwaysThrows_ShouldRetryThenMoveTheMessageToTheErrorQueue()
    {
        await using var app = await TestApps.StartAsync(Settings());
        var probe = app.Services.GetRequiredService<ConsumerProbe>();
        var id = Guid.NewGuid();

        await app.Services.GetRequiredService<IBus>().Publish(new FailRequested(id));

        // One delivery plus the two configured retries.
        Assert.Equal(3, await probe.WaitForAttemptsAsync(id, 3, Patience));
        var queue = MessagingExtensions.EndpointNameFormatterFor(app.Environment.ApplicationName).Consumer<FailingConsumer>();
        var dead = await WaitForErrorQueueMessageAsync(queue + "_error", id.ToString());
        Assert.Contains(id.ToString(), dead);
        // In the error queue, the message is out of the retry loop: no attempt can follow, so the count is final now.
        Assert.Equal(3, probe.AttemptsFor(id));
    }

    private async Task<string> WaitForErrorQueueMessageAsync(string queue, string containing)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            // A fresh channel each time: asking for a queue that does not exist yet closes the channel.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                var message = await channel.BasicGetAsync(queue, autoAck: true);
                if (message is not null && Encoding.UTF8.GetString(message.Body.Span) is var body && body.Contains(containing))
                {
                    return body;
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no message containing {containing} reached {queue}");
    }
}
