using System.Text;
using Saas.Testing;
using Saas.Testing.Processes;

namespace Saas.FaultTests;

/// <summary>
/// A built service run as its own process (<c>dotnet Saas.Webhooks.dll</c>, …) the way AppHost starts it, restartable
/// on one port and data folder.
/// </summary>
public sealed class ServiceProcess(string dataDirectory, IReadOnlyDictionary<string, string> environment, string service = "webhooks", int? port = null)
    : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private LaunchedProcess? _process;

    public int Port { get; } = port ?? FreePort.Next();
    public string Service => service;

    /// <summary>When the last start answered <c>/alive</c>.</summary>
    public DateTime StartedAt { get; private set; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public int Starts { get; private set; }

    /// <summary>What every start printed, one after another.</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public async Task StartAsync()
    {
        var settings = new[] { KeyValuePair.Create("Storage__DataDirectory", dataDirectory) }.Concat(environment);
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = LaunchedProcess.Start(
            ServiceLaunch.Service(RepoPaths.ProjectDll(service), BaseUrl, settings),
            (line, _) => { lock (_output) { _output.AppendLine(line); } });
        Starts++;
        await _process.WaitUntilAnswersAsync($"{BaseUrl}/alive", TimeSpan.FromSeconds(60), service);
        StartedAt = DateTime.UtcNow;
    }

    /// <summary>SIGKILL: no shutdown hooks, in-flight work and unacknowledged messages are simply lost to the process.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
