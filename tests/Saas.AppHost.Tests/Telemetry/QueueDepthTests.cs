using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Saas.AppHost.Telemetry.Queues;
using Saas.Testing;

namespace Saas.AppHost.Tests.Telemetry;

/// <summary>Queue depths read from <c>rabbitmqctl list_queues name messages consumers</c>.</summary>
public sealed class QueueDepthTests
{
    /// <summary>What rabbitmqctl 3.10 prints for that command (informational lines, a header, tab-separated rows).</summary>
    private const string Captured =
        "Timeout: 60.0 seconds ...\nListing queues for vhost / ...\nname\tmessages\tconsumers\n" +
        "billing-subscription-changed\t0\t1\nidentity-subscription-changed_error\t3\t0\nwebhooks-process_skipped\t1\t0\n";

    [Fact]
    public void Parse_WhenGivenRabbitmqctlOutput_ShouldReadEveryQueueAndMarkErrorQueues()
    {
        var queues = QueueListParser.Parse(Captured);

        Assert.Equal(
        [
            new QueueDepth("billing-subscription-changed", 0, 1, IsErrorQueue: false),
            new QueueDepth("identity-subscription-changed_error", 3, 0, IsErrorQueue: true),
            new QueueDepth("webhooks-process_skipped", 1, 0, IsErrorQueue: true),
        ], queues);
    }
}

/// <summary>The same, against a real private RabbitMQ node: what its rabbitmqctl really prints.</summary>
public sealed class RealBrokerQueueDepthTests(RabbitMqFixture broker, Xunit.Abstractions.ITestOutputHelper log) : IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task ListQueues_WhenTheNodeHasQueues_ShouldGiveTheirDepthsAndConsumers()
    {
        if (broker.Node is null)
        {
            // SAAS_TEST_RABBITMQ names an external broker: there is no node of ours to run rabbitmqctl against.
            return;
        }

        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync("orders", durable: false, exclusive: false, autoDelete: false);
        await channel.QueueDeclareAsync("orders_error", durable: false, exclusive: false, autoDelete: false);
        for (var i = 0; i < 3; i++)
        {
            await channel.BasicPublishAsync("", "orders_error", new byte[] { 1 });
        }

        await channel.BasicConsumeAsync("orders", autoAck: true, new AsyncEventingBasicConsumer(channel));

        var output = await broker.Node!.ListQueuesAsync();
        log.WriteLine(output);
        var queues = QueueListParser.Parse(output);

        Assert.Contains(new QueueDepth("orders", 0, 1, IsErrorQueue: false), queues);
        Assert.Contains(new QueueDepth("orders_error", 3, 0, IsErrorQueue: true), queues);
    }
}
