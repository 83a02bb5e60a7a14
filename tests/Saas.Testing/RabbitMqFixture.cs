using Saas.Testing.Broker;
using Xunit;

namespace Saas.Testing;

/// <summary>
/// A real RabbitMQ broker for a test collection: a private node in a temp folder, or the broker named by
/// <c>SAAS_TEST_RABBITMQ</c> (an amqp URI) when that is set.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "SAAS_TEST_RABBITMQ";

    private TempDirectory? _directory;

    /// <summary>amqp://guest:guest@127.0.0.1:PORT/ for a private node.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The private node (to stop and start it again in fault tests); null with an external broker.</summary>
    public RabbitMqNode? Node { get; private set; }

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            if (!Uri.TryCreate(external, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            {
                throw new InvalidOperationException($"{EnvironmentVariable} must be an amqp:// or amqps:// URI, not '{external}'");
            }

            ConnectionString = external;
            return;
        }

        _directory = new TempDirectory("saas-rabbitmq");
        Node = await RabbitMqNode.StartAsync(_directory.Path);
        ConnectionString = Node.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.StopAsync();
        }

        _directory?.Dispose();
    }
}
