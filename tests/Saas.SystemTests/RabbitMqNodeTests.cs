using RabbitMQ.Client;
using Saas.Testing.Broker;
using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>The private broker the AppHost and the tests start: real logins, a clean stop, a restart on the same port.</summary>
public sealed class RabbitMqNodeTests
{
    [Fact]
    public async Task Node_WhenStoppedAndStartedAgain_ShouldKeepItsPortAndLeaveNothingBehindWhenStopped()
    {
        using var directory = new TempDirectory("saas-rabbitmq");
        await using var node = await RabbitMqNode.StartAsync(directory.Path);
        await AssertCanPublishAsync(node.ConnectionString);
        var firstVm = node.ProcessId;
        Assert.Equal("beam.smp", ProcessTable.Name(firstVm));

        await node.StopAsync();

        Assert.False(ProcessTable.IsAlive(firstVm));
        Assert.Empty(ProcessTable.FindByCommandLine("beam.smp", directory.Path));
        Assert.Empty(ProcessTable.FindByEnvironment("epmd", "ERL_EPMD_PORT", node.EpmdPort.ToString()));

        var connectionString = node.ConnectionString;
        await node.StartAgainAsync();

        Assert.Equal(connectionString, node.ConnectionString);
        await AssertCanPublishAsync(node.ConnectionString);
    }

    private static async Task AssertCanPublishAsync(string connectionString)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync(exclusive: true);
        await channel.BasicPublishAsync("", queue.QueueName, "ping"u8.ToArray());
        // Publishing does not wait for the broker; poll for the message instead of assuming it is there.
        var message = await Polling.UntilAsync(
            () => channel.BasicGetAsync(queue.QueueName, autoAck: true), m => m is not null, TimeSpan.FromSeconds(10), "the message arriving");
        Assert.Equal("ping", System.Text.Encoding.UTF8.GetString(message!.Body.Span));
    }
}
