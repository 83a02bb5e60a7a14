using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Saas.Testing.Processes;

/// <summary>
/// A process a test or the bench starts (a built service, the gateway, nginx): its output kept, readiness waited on by
/// asking it over HTTP, killed with its children on dispose. The one launcher of the fault tests, the gateway's
/// start-up tests and the bench (<see cref="ServiceLaunch"/> says what a service is started with).
/// </summary>
public sealed class LaunchedProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _output = new();

    private LaunchedProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Stdout { get { lock (_output) { return _stdout.ToString(); } } }
    public string Stderr { get { lock (_output) { return _stderr.ToString(); } } }

    /// <summary>Standard output and error interleaved as they came.</summary>
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <summary>Starts <paramref name="info"/> (its output redirected); <paramref name="onLine"/> sees each line, and whether it came on stderr.</summary>
    public static LaunchedProcess Start(ProcessStartInfo info, Action<string, bool>? onLine = null)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var launched = new LaunchedProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}"));
        launched._process.OutputDataReceived += (_, e) => launched.Append(e.Data, isError: false, onLine);
        launched._process.ErrorDataReceived += (_, e) => launched.Append(e.Data, isError: true, onLine);
        launched._process.BeginOutputReadLine();
        launched._process.BeginErrorReadLine();
        return launched;
    }

    /// <summary>Returns once <paramref name="url"/> answers with a success status; fails at once if the process exits first.</summary>
    public async Task WaitUntilAnswersAsync(string url, TimeSpan timeout, string? name = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await AnswersAsync(url))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name ?? _process.StartInfo.FileName} exited with {_process.ExitCode} before {url} answered:{Environment.NewLine}{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name ?? _process.StartInfo.FileName} did not answer {url} within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to end on its own; past <paramref name="timeout"/> it is killed and this throws.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, string whatWentWrong)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException(whatWentWrong);
        }

        // The parameterless wait also drains the redirected output, so Stdout and Stderr are complete.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the process and its children: no shutdown hooks, in-flight work is simply lost.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static async Task<bool> AnswersAsync(string url)
    {
        try
        {
            using var response = await Probe.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
        {
            return false;
        }
    }

    private void Append(string? line, bool isError, Action<string, bool>? onLine)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            (isError ? _stderr : _stdout).AppendLine(line);
            _output.AppendLine(line);
        }

        onLine?.Invoke(line, isError);
    }
}
