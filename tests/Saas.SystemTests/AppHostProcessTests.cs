using System.Diagnostics;
using Saas.Testing;
using Saas.Testing.Broker;

namespace Saas.SystemTests;

/// <summary>
/// The AppHost run as <c>./saas up</c> runs it (<c>dotnet Saas.AppHost.dll</c>), stopped with SIGTERM (Ctrl+C) or
/// killed outright (SIGKILL, the OOM killer): DCP, every service, the Stripe emulator, the RabbitMQ node and its epmd
/// must all be gone afterwards, or they keep their ports and the next <c>./saas up</c> cannot start. Every process of
/// one run is found by a marker variable that the AppHost's environment passes down to all of them.
/// </summary>
public sealed class AppHostProcessTests
{
    private const string Marker = "SAAS_TEST_RUN";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);

    /// <summary>
    /// Also, once the system is up: in Development with no operator account configured, the AppHost prints a console
    /// sign-in with a one-time password, and that account is the one admin accepts (through the gateway, HTTP Basic).
    /// Both are checked on the same run, since each run boots a whole system.
    /// </summary>
    [Theory]
    [InlineData(UnixSignals.SigTerm)]
    [InlineData(UnixSignals.SigKill)]
    public async Task AppHost_WhenSignalled_ShouldLeaveNoProcessBehindRabbitMqIncluded(int signal)
    {
        using var data = new TempDirectory("saas-apphost-process");
        var run = Guid.NewGuid().ToString("N");
        var ports = FreePort.Next(3);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var host = StartAppHost(run, data.Path, ports, output);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}"), Timeout = TimeSpan.FromSeconds(10) };
            await Polling.UntilAsync(
                async () => (await http.GetAsync("/health")).StatusCode,
                status => status == System.Net.HttpStatusCode.OK, Timeout, "the gateway healthy");
            var line = await Polling.UntilAsync(
                () => Task.FromResult(output.FirstOrDefault(l => l.StartsWith("Console: ", StringComparison.Ordinal))),
                l => l is not null, Timeout, "the console sign-in line");
            var password = System.Text.RegularExpressions.Regex.Match(line!, "one-time password (\\S+) ").Groups[1].Value;
            Assert.Contains($"http://localhost:{ports[0]}/admin", line);
            Assert.Contains("ADMIN_USERNAME", line);
            Assert.NotEmpty(password);
            Assert.Equal(System.Net.HttpStatusCode.OK, await StatusAsBasicAsync(http, "operator", password));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await StatusAsBasicAsync(http, "operator", password + "x"));

            var processes = Marked(run);
            Assert.Contains(processes, pid => ProcessTable.Name(pid) == "beam.smp");
            Assert.Contains(processes, pid => ProcessTable.Name(pid) == "epmd");
            Assert.Contains(processes, pid => ProcessTable.Name(pid) == "Saas.Gateway");
            Assert.Contains(output, l => l.Contains("Login to the dashboard at", StringComparison.Ordinal));

            Assert.True(UnixSignals.Send(host.Id, signal));

            var left = await Polling.UntilAsync(
                () => Task.FromResult(Marked(run).Where(pid => pid != host.Id).ToList()), pids => pids.Count == 0, TimeSpan.FromSeconds(90),
                "every process of the run gone");
            Assert.Empty(left);
        }
        finally
        {
            foreach (var pid in Marked(run))
            {
                UnixSignals.Send(pid, UnixSignals.SigKill);
            }
        }
    }

    private static async Task<System.Net.HttpStatusCode> StatusAsBasicAsync(HttpClient http, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/users");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The AppHost as <c>./saas up</c> runs it, every process of the run marked with <paramref name="run"/>.</summary>
    private static Process StartAppHost(string run, string dataDirectory, int[] ports, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(RepoPaths.Root, "AppHost", "Saas.AppHost", "bin", RepoPaths.Configuration, "net10.0", "Saas.AppHost.dll"),
                $"--AppHost:GatewayPort={ports[0]}", $"--AppHost:DataDirectory={dataDirectory}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                [Marker] = run,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[1]}",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{ports[2]}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            },
        };
        var host = Process.Start(start)!;
        host.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        host.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        return host;
    }

    private static List<int> Marked(string run) =>
        [.. ProcessTable.AllProcessIds().Where(pid => ProcessTable.IsAlive(pid)
            && ProcessTable.Environment(pid).TryGetValue(Marker, out var value) && value == run)];
}
