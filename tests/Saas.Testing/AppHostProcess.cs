using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Saas.AppHost.Processes;
using Saas.AppHost.Resources;

namespace Saas.Testing;

/// <summary>
/// The built AppHost run as operators run it (<c>dotnet Saas.AppHost.dll</c>), on free ports with a temp data folder and
/// a random dashboard token (<c>--AppHost:DashboardToken</c>), which its status-API calls send.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly AppHostOutput _output = new();
    private readonly TempDirectory _data;
    private readonly HashSet<int> _reportedPids = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private AppHostProcess(
        TempDirectory data, int gatewayPort, int dashboardPort, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? dashboardToken = null)
    {
        _data = data;
        GatewayUrl = $"http://localhost:{gatewayPort}";
        DashboardUrl = $"http://127.0.0.1:{dashboardPort}";
        DashboardToken = dashboardToken ?? "";
        Dashboard = CreateDashboardClient();
        try
        {
            _process = AppHostLauncher.Start(
                [$"--AppHost:DataDirectory={data.Path}", .. dashboardToken is null ? [] : new[] { $"--AppHost:DashboardToken={dashboardToken}" }, .. arguments],
                _output, environment);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public string GatewayUrl { get; }
    public string DashboardUrl { get; }

    /// <summary>The dashboard's login token this AppHost was started with.</summary>
    public string DashboardToken { get; }

    /// <summary>The link that signs a browser in to the dashboard (sets its session cookie) and opens the resources page.</summary>
    public string DashboardLoginUrl => $"{DashboardUrl}/login?t={Uri.EscapeDataString(DashboardToken)}";

    /// <summary>A client for the dashboard's APIs (base address <see cref="DashboardUrl"/>) that sends the token as a bearer.</summary>
    public HttpClient Dashboard { get; }
    public string DataDirectory => _data.Path;
    public int ProcessId => _process.Id;

    /// <summary>Everything the AppHost printed so far (stdout and stderr, interleaved).</summary>
    public string Output => _output.ToString();

    /// <summary>Every pid the status API has shown, for checking that none outlives the AppHost.</summary>
    public IReadOnlyCollection<int> ReportedProcessIds
    {
        get { lock (_reportedPids) { return [.. _reportedPids]; } }
    }

    /// <summary>
    /// Starts the AppHost and returns when the status API shows every resource running and the gateway's
    /// <c>/health</c> answers 200; throws with the AppHost's output otherwise. <paramref name="environment"/> is added to
    /// the AppHost's own environment, which every process it starts inherits (e.g. <c>Mail__Smtp__Host</c> for identity).
    /// </summary>
    public static async Task<AppHostProcess> StartAsync(
        IEnumerable<string>? extraArguments = null, CancellationToken ct = default, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The OTLP receiver gets a free port too: 4318 would collide between AppHosts started side by side.
        var ports = FreePort.Next(3);
        var host = new AppHostProcess(
            new TempDirectory("saas-apphost"), ports[0], ports[1],
            [$"--AppHost:GatewayPort={ports[0]}", $"--AppHost:DashboardPort={ports[1]}", $"--AppHost:OtlpPort={ports[2]}", .. extraArguments ?? []],
            environment,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        try
        {
            await host.WaitUntilRunningAsync(ct);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the AppHost with <paramref name="arguments"/> until it exits (for argument errors): exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var host = new AppHostProcess(new TempDirectory("saas-apphost"), 0, 0, arguments);
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await host._process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the AppHost still ran after {timeout.TotalSeconds:0} s:{Environment.NewLine}{host.Output}");
            }

            return (host._process.ExitCode, host.Output);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    public async Task<IReadOnlyList<ResourceSnapshot>> GetResourcesAsync(CancellationToken ct = default)
    {
        var resources = await Dashboard.GetFromJsonAsync<List<ResourceSnapshot>>("/api/resources", ct) ?? [];
        lock (_reportedPids)
        {
            _reportedPids.UnionWith(resources.Where(r => r.Pid is not null).Select(r => r.Pid!.Value));
        }

        return resources;
    }

    public async Task<ResourceSnapshot> GetResourceAsync(string name, CancellationToken ct = default) =>
        (await GetResourcesAsync(ct)).Single(r => r.Name == name);

    /// <summary>Sends SIGTERM, as a service manager or Ctrl+C would, and returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            UnixSignals.Terminate(_process.Id);
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        return _process.ExitCode;
    }

    /// <summary>Stops the AppHost if it still runs, kills anything of it left behind, and deletes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        AppHostLeftovers.Kill(ReportedProcessIds, DataDirectory);
        _process.Dispose();
        _http.Dispose();
        Dashboard.Dispose();
        _data.Dispose();
    }

    private HttpClient CreateDashboardClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(DashboardUrl), Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardToken);
        return client;
    }

    private async Task WaitUntilRunningAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the AppHost exited with code {_process.ExitCode} while starting:{Environment.NewLine}{Output}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"the AppHost was not running after {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{Output}");
            }

            if (await IsRunningAsync(ct))
            {
                return;
            }

            await Task.Delay(250, ct);
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        try
        {
            var resources = await GetResourcesAsync(ct);
            if (resources.Count == 0 || resources.Any(r => r.State != "running"))
            {
                return false;
            }

            using var health = await _http.GetAsync($"{GatewayUrl}/health", ct);
            return health.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // the dashboard or gateway is not listening yet
        }
    }
}
