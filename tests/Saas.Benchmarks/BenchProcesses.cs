using System.Diagnostics;
using Saas.Testing;
using Saas.Testing.Processes;

namespace Saas.Benchmarks;

/// <summary>The processes under measurement, started the way AppHost starts them, stopped on dispose.</summary>
internal sealed class BenchProcesses(string workDirectory) : IAsyncDisposable
{
    private readonly List<LaunchedProcess> started = [];
    private readonly Dictionary<string, LaunchedProcess> byName = [];

    public async Task StartDotnetAsync(string name, string dll, int port, Dictionary<string, string> environment, string healthPath = "/health")
    {
        var url = $"http://127.0.0.1:{port}";
        var settings = new[] { KeyValuePair.Create("Logging__LogLevel__Default", "Warning") }.Concat(environment);
        var process = Start(ServiceLaunch.Service(dll, url, settings));
        byName[name] = process;
        await process.WaitUntilAnswersAsync(url + healthPath, TimeSpan.FromSeconds(60), name);
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
        var nginx = Start(new ProcessStartInfo("/usr/sbin/nginx", ["-p", prefix, "-c", config]));
        await nginx.WaitUntilAnswersAsync($"http://127.0.0.1:{port}/api/billing/plans", TimeSpan.FromSeconds(60), "nginx");
        return port;
    }

    /// <summary>The pid of the process last started as <paramref name="name"/>, if it still runs.</summary>
    public int? PidOf(string name) => byName.TryGetValue(name, out var p) && !p.HasExited ? p.Id : null;

    /// <summary>Starts a process whose error lines are echoed with its name (stdout is kept, not printed).</summary>
    private LaunchedProcess Start(ProcessStartInfo info)
    {
        var process = LaunchedProcess.Start(info, (line, isError) =>
        {
            if (isError && line.Length > 0)
            {
                Console.Error.WriteLine($"[{Path.GetFileName(info.FileName)}] {line}");
            }
        });
        started.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(started))
        {
            await process.DisposeAsync();
        }

        started.Clear();
    }
}
