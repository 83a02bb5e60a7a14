using System.Diagnostics;

namespace Saas.AppHost.Processes;

/// <summary>A child process whose output is streamed line by line and which can be stopped gracefully.</summary>
internal sealed class ManagedProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public DateTimeOffset StartedAt { get; private init; }

    /// <summary>Completes with the exit code when the process exits (not waiting for its output to drain).</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Starts <paramref name="start"/> (output is redirected here) and reports each line to <paramref name="onLine"/>.</summary>
    public static ManagedProcess Start(ProcessStartInfo start, Action<string, bool> onLine)
    {
        start.UseShellExecute = false;
        // A pipe nobody writes to: when this process dies, however it dies, the kernel closes it and the child sees
        // its input end (ServiceDefaults' AppHostWatch stops the service then). Kept open until then.
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process) { StartedAt = DateTimeOffset.UtcNow };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, false); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, true); };
        process.Exited += (_, _) => _ = managed.CompleteAsync();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>
    /// SIGTERM, then up to <paramref name="grace"/> for the process to finish its shutdown, then SIGKILL for the
    /// whole tree. Cancelling <paramref name="ct"/> (the host's shutdown deadline) skips straight to SIGKILL.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken ct = default)
    {
        if (HasExited)
        {
            return;
        }

        UnixSignals.Terminate(Id);
        try
        {
            await Exited.WaitAsync(grace, ct);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Kill();
            await Exited.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
    }

    /// <summary>
    /// Lets the last lines (a crash's stack trace) arrive before reporting the exit, so a failure report shows them;
    /// bounded, because a grandchild could hold the output pipe open forever.
    /// </summary>
    private async Task CompleteAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            // Report the exit without the rest of the output.
        }

        _exited.TrySetResult(_process.ExitCode);
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose() => _process.Dispose();
}
