using Saas.AppHost.Logs;
using Saas.AppHost.Processes;
using Saas.ServiceDefaults;

namespace Saas.AppHost.Resources;

/// <summary>The message broker whose connection string every process receives as <c>ConnectionStrings__messaging</c>.</summary>
internal abstract class BrokerResource(ResourceLog log) : Resource(ResourceNames.Messaging, "rabbitmq", log)
{
    public abstract string ConnectionString { get; }
}

/// <summary>A broker the operator configured: not ours to start or stop, so it is simply reported as running.</summary>
internal sealed class ExternalBrokerResource : BrokerResource
{
    public ExternalBrokerResource(string connectionString, ResourceLog log) : base(log)
    {
        ConnectionString = connectionString;
        SetState(ResourceState.Running);
    }

    public override string ConnectionString { get; }

    // Never show credentials on the console or the status API.
    public override string? Url => Uri.TryCreate(ConnectionString, UriKind.Absolute, out var uri)
        ? $"{uri.Scheme}://{uri.Host}:{uri.Port}{uri.AbsolutePath}"
        : "(configured)";

    public override bool IsManaged => false;

    public override string HealthDetail => "configured externally; not probed by the AppHost";

    public override Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public override Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// A private RabbitMQ node under <c>&lt;data&gt;/messaging</c>. Each AppHost run starts a fresh node, as Aspire does for a
/// container without a volume; a restart from the dashboard keeps the node's name, ports and queues.
/// </summary>
internal sealed class PrivateBrokerResource(string baseDirectory, ResourceLog log) : BrokerResource(log)
{
    private RabbitMqNode? _node;

    public override string ConnectionString =>
        _node?.ConnectionString ?? throw new InvalidOperationException("messaging has not been started");

    public override string? Url => _node is null ? null : $"amqp://127.0.0.1:{_node.AmqpPort}/";

    public override string? HealthDetail => _node is { IsRunning: true } node ? $"AMQP login accepted on port {node.AmqpPort}" : null;

    /// <summary>The node once started (the dashboard reads its queue depths with rabbitmqctl); null before.</summary>
    public RabbitMqNode? Node => _node;

    public override async Task StartAsync(CancellationToken ct)
    {
        SetState(ResourceState.Starting);
        try
        {
            if (_node is null)
            {
                RemoveStaleData();
                _node = await RabbitMqNode.StartAsync(baseDirectory, line => Log.Write(line), ct);
            }
            else
            {
                await _node.StartAgainAsync(ct);
            }
        }
        catch
        {
            SetState(ResourceState.Exited);
            throw;
        }

        SetProcess(_node.ProcessId, DateTimeOffset.UtcNow);
        SetState(ResourceState.Running);
        Log.Note($"RabbitMQ node {_node.NodeName} accepts connections on port {_node.AmqpPort}");
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        if (_node is not null)
        {
            await _node.StopAsync();
        }

        SetProcess(null, null);
        SetState(ResourceState.Stopped);
    }

    /// <summary>Earlier runs used other node names, so their data can never be read again.</summary>
    private void RemoveStaleData()
    {
        var mnesia = Path.Combine(baseDirectory, "mnesia");
        var home = Path.Combine(Path.GetFullPath(baseDirectory), "home");
        // A node of another AppHost on the same data directory still uses it: leave it alone.
        if (Directory.Exists(mnesia) && !ProcessTable.FindByCommandLine("beam.smp", $"-home {home} ").Any())
        {
            Directory.Delete(mnesia, recursive: true);
        }
    }
}
