using System.Diagnostics;
using System.Net.Sockets;
using Saas.Testing;

namespace Saas.Benchmarks;

/// <summary>The processes under measurement, started the way AppHost starts them, stopped on dispose.</summary>
internal sealed class BenchProcesses(string workDirectory) : IAsyncDisposable
{
    private readonly List<Process> started = [];
    private readonly Dictionary<string, Process> byName = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public async Task StartDotnetAsync(string name, string dll, int port, Dictionary<string, string> environment, string healthPath = "/health")
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build first (./saas build)");
        }

        var info = new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in InternalApiKey.Environment.Concat(DevMailboxSetting.Environment).Concat(SigningKeyEncryption.Environment))
        {
            info.Environment[key] = value;
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        byName[name] = Start(info);
        await WaitForAsync($"http://127.0.0.1:{port}{healthPath}", name);
    }

    /// <summary>Starts nginx as a reverse proxy to <paramref name="backendPort"/>, or returns null when nginx is not installed.</summary>
    public async Task<int?> TryStartNginxAsync(int backendPort)
    {
        if (!File.Exists("/usr/sbin/nginx"))
        {
            Console.WriteLine("nginx not installed: its column is left out (apt-get install nginx)");
            return null;
        }

        var port = FreePort.Next();
        var prefix = Path.Combine(workDirectory, "nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, $$"""
            daemon off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              upstream backend { server 127.0.0.1:{{backendPort}}; keepalive 64; }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://backend;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header X-Forwarded-For $remote_addr;
                }
              }
            }
            """);
        Start(new ProcessStartInfo("/usr/sbin/nginx", ["-p", prefix, "-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true });
        await WaitForAsync($"http://127.0.0.1:{port}/api/billing/plans", "nginx");
        return port;
    }

    /// <summary>The pid of the process last started as <paramref name="name"/>, if it still runs.</summary>
    public int? PidOf(string name) => byName.TryGetValue(name, out var p) && !p.HasExited ? p.Id : null;

    private Process Start(ProcessStartInfo info)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"[{Path.GetFileName(info.FileName)}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        started.Add(process);
        return process;
    }

    private async Task WaitForAsync(string url, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{name} did not answer {url} within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(started))
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        started.Clear();
        http.Dispose();
    }
}
