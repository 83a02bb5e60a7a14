using System.Diagnostics;
using System.Text;
using Saas.Testing;

namespace Saas.FaultTests;

/// <summary>
/// A built service run as its own process (<c>dotnet Saas.Webhooks.dll</c>, …) the way AppHost starts it, restartable
/// on one port and data folder.
/// </summary>
public sealed class ServiceProcess(string dataDirectory, IReadOnlyDictionary<string, string> environment, string service = "webhooks", int? port = null)
    : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private Process? process;

    public int Port { get; } = port ?? FreePort.Next();
    public string Service => service;

    /// <summary>When the last start answered <c>/alive</c>.</summary>
    public DateTime StartedAt { get; private set; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public int Starts { get; private set; }

    public string Output
    {
        get { lock (output) { return output.ToString(); } }
    }

    public async Task StartAsync()
    {
        var dll = RepoPaths.ProjectDll(service);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution first");
        }

        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = BaseUrl;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in InternalApiKey.Environment.Concat(DevMailboxSetting.Environment).Concat(SigningKeyEncryption.Environment))
        {
            info.Environment[key] = value;
        }

        info.Environment["Storage__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Starts++;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await IsAliveAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{service} did not start:{Environment.NewLine}{Output}");
            }

            await Task.Delay(100);
        }

        StartedAt = DateTime.UtcNow;
    }

    /// <summary>SIGKILL: no shutdown hooks, in-flight work and unacknowledged messages are simply lost to the process.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
        http.Dispose();
    }

    private async Task<bool> IsAliveAsync()
    {
        try
        {
            return (await http.GetAsync($"{BaseUrl}/alive")).IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
