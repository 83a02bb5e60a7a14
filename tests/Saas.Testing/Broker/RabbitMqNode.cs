using System.Diagnostics;

namespace Saas.Testing.Broker;

/// <summary>
/// A private RabbitMQ node (Debian's rabbitmq-server) on free loopback ports, with its files under one directory and
/// its own epmd. Used by the AppHost when no broker is configured and by tests that need a real broker.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly RabbitMqNodeLayout _layout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RecentLines _recent = new(30);
    private readonly RabbitMqCommands _commands;
    private Process? _launcher;

    private RabbitMqNode(RabbitMqNodeLayout layout, Action<string>? output)
    {
        _layout = layout;
        _commands = new RabbitMqCommands(layout, line =>
        {
            _recent.Add(line);
            output?.Invoke(line);
        });
    }

    public string NodeName => _layout.NodeName;
    public string BaseDirectory => _layout.BaseDirectory;
    public int AmqpPort => _layout.AmqpPort;
    public int EpmdPort => _layout.EpmdPort;

    /// <summary>The pid of the node's beam.smp (the launcher script's pid until the VM is found).</summary>
    public int ProcessId { get; private set; }

    /// <summary>amqp://guest:guest@127.0.0.1:PORT/ — guest may log in because the node listens on loopback only.</summary>
    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{AmqpPort}/";

    public bool IsRunning => _launcher is { HasExited: false };

    /// <summary>Starts a node under <paramref name="baseDirectory"/> and returns once an AMQP login succeeds.</summary>
    /// <exception cref="RabbitMqNotInstalledException">rabbitmq-server is not installed.</exception>
    public static Task<RabbitMqNode> StartAsync(string baseDirectory, CancellationToken ct = default) =>
        StartAsync(baseDirectory, output: null, ct);

    /// <summary>As <see cref="StartAsync(string, CancellationToken)"/>, passing each line the node prints to <paramref name="output"/>.</summary>
    public static async Task<RabbitMqNode> StartAsync(string baseDirectory, Action<string>? output, CancellationToken ct = default)
    {
        if (!File.Exists(RabbitMqNodeLayout.ServerScript))
        {
            throw new RabbitMqNotInstalledException();
        }

        var ports = FreePorts.Next(3);
        var name = $"saas-{Guid.NewGuid():N}"[..17] + "@localhost";
        var node = new RabbitMqNode(new(Path.GetFullPath(baseDirectory), name, ports[0], ports[1], ports[2]), output);
        await node.StartAgainAsync(ct);
        return node;
    }

    /// <summary>
    /// Starts the node again after <see cref="StopAsync"/>, with the same name, ports and data, so connection
    /// strings stay valid and durable queues survive (what a fault test needs after stopping the broker).
    /// </summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (IsRunning)
            {
                return;
            }

            _layout.CreateFiles();
            _launcher = _commands.StartServer();
            ProcessId = _launcher.Id;
            try
            {
                await WaitUntilAcceptingAsync(_launcher, ct);
            }
            catch
            {
                await StopCoreAsync();
                throw;
            }

            ProcessId = _commands.FindVirtualMachines().DefaultIfEmpty(_launcher.Id).First();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The raw output of <c>rabbitmqctl list_queues name messages consumers</c> (tab-separated rows after a header);
    /// tests read it.
    /// </summary>
    public Task<string> ListQueuesAsync(CancellationToken ct = default) =>
        _commands.ReadCtlAsync(["list_queues", "name", "messages", "consumers"], ct);

    /// <summary>Stops the node (rabbitmqctl stop, then signals if needed) and the epmd on its port.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await StopCoreAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopCoreAsync()
    {
        var vms = _commands.FindVirtualMachines().ToList();
        if (vms.Count > 0)
        {
            await _commands.RunCtlAsync("stop");
        }

        var pids = vms.Concat(_launcher is { HasExited: false } ? [_launcher.Id] : []).ToList();
        if (!await ProcessTable.WaitForExitAsync(pids, TimeSpan.FromSeconds(15)))
        {
            // The VM treats SIGTERM as a clean shutdown; SIGKILL is the last resort.
            pids.ForEach(pid => UnixSignals.Terminate(pid));
            if (!await ProcessTable.WaitForExitAsync(pids, TimeSpan.FromSeconds(10)))
            {
                pids.ForEach(pid => UnixSignals.Send(pid, UnixSignals.SigKill));
                await ProcessTable.WaitForExitAsync(pids, TimeSpan.FromSeconds(5));
            }
        }

        // Last, because rabbitmqctl itself starts an epmd on our port if none is running.
        await _commands.StopEpmdAsync();
        _launcher?.Dispose();
        _launcher = null;
    }

    private async Task WaitUntilAcceptingAsync(Process launcher, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!await AmqpProbe.CanLoginAsync(ConnectionString, AmqpPort, ct))
        {
            if (launcher.HasExited)
            {
                throw new InvalidOperationException(
                    $"RabbitMQ node {NodeName} exited with code {launcher.ExitCode} while starting:{Environment.NewLine}{_recent}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException(
                    $"RabbitMQ node {NodeName} did not accept AMQP connections within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{_recent}");
            }

            await Task.Delay(200, ct);
        }
    }
}
