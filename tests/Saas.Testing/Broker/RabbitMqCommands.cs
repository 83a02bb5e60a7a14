using System.Diagnostics;

namespace Saas.Testing.Broker;

/// <summary>The processes behind one node: rabbitmq-server, rabbitmqctl, and the Erlang VMs and epmd they leave.</summary>
internal sealed class RabbitMqCommands(RabbitMqNodeLayout layout, Action<string> onLine)
{
    public Process StartServer() => Start(RabbitMqNodeLayout.ServerScript);

    public async Task RunCtlAsync(string command)
    {
        using var ctl = Start(RabbitMqNodeLayout.CtlScript, "-n", layout.NodeName, command);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await ctl.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ctl.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// Runs rabbitmqctl and returns what it printed on stdout (not echoed to the node's log: a poll every few seconds
    /// would bury the broker's own lines); throws with its stderr when it fails or takes longer than 30 s.
    /// </summary>
    public async Task<string> ReadCtlAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(RabbitMqNodeLayout.CtlScript, ["-n", layout.NodeName, .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = layout.BaseDirectory,
        };
        layout.ApplyEnvironment(start);
        using var ctl = new Process { StartInfo = Session.Detach(start) };
        ctl.Start();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var stdout = ctl.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = ctl.StandardError.ReadToEndAsync(timeout.Token);
            await ctl.WaitForExitAsync(timeout.Token);
            return ctl.ExitCode == 0
                ? await stdout
                : throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {ctl.ExitCode}: {(await stderr).Trim()}");
        }
        catch (OperationCanceledException)
        {
            ctl.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>
    /// The node's Erlang VM: the beam.smp started with our home and epmd port and booting rabbit (rabbitmqctl's own
    /// short-lived VM shares home and port but not the boot).
    /// </summary>
    public IEnumerable<int> FindVirtualMachines() =>
        ProcessTable.FindByCommandLine("beam.smp", $"-home {layout.Home} -epmd_port {layout.EpmdPort} ")
            .Where(pid => ProcessTable.CommandLine(pid)?.Contains(" -s rabbit boot ", StringComparison.Ordinal) == true);

    /// <summary>Stops the epmd on our port, found by the port in its environment (it runs detached from the node).</summary>
    public async Task StopEpmdAsync()
    {
        var epmds = ProcessTable.FindByEnvironment("epmd", "ERL_EPMD_PORT", layout.EpmdPort.ToString()).ToList();
        epmds.ForEach(pid => UnixSignals.Terminate(pid));
        if (!await ProcessTable.WaitForExitAsync(epmds, TimeSpan.FromSeconds(3)))
        {
            epmds.ForEach(pid => UnixSignals.Send(pid, UnixSignals.SigKill));
            await ProcessTable.WaitForExitAsync(epmds, TimeSpan.FromSeconds(2));
        }
    }

    private Process Start(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = layout.BaseDirectory,
        };
        layout.ApplyEnvironment(start);
        var process = new Process { StartInfo = Session.Detach(start), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
