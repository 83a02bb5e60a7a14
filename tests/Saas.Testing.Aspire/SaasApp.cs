using Saas.Testing;
using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Saas.Testing.Aspire;

/// <summary>
/// The AppHost's app model started by <see cref="DistributedApplicationTestingBuilder"/>: the same resources and wiring
/// as <c>./saas up</c>, on a free gateway port and a temp data folder. Returns once every resource is healthy.
/// </summary>
public sealed class SaasApp : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly TempDirectory _data;
    private readonly ConcurrentDictionary<string, StringBuilder> _logs = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _snapshots = new();

    private SaasApp(DistributedApplication app, TempDirectory data)
    {
        App = app;
        _data = data;
    }

    public DistributedApplication App { get; }

    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();

    public string DataDirectory => _data.Path;

    public string GatewayUrl => App.GetEndpoint("gateway", "http").ToString().TrimEnd('/');

    /// <summary>
    /// The Stripe emulator's address as it names itself (127.0.0.1, in its checkout links too); throws when the AppHost
    /// started none (a Stripe key was configured).
    /// </summary>
    public string StripeUrl => $"http://127.0.0.1:{App.GetEndpoint("stripe", "http").Port}";

    /// <summary>
    /// The Aspire dashboard's login link (it signs the browser in); only with <see cref="SaasAppOptions.Dashboard"/>, where
    /// Aspire's test host picks the dashboard's ports and token.
    /// </summary>
    public string? DashboardLoginUrl { get; private set; }

    /// <summary>Every resource's console output so far, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _logs.OrderBy(p => p.Key).Select(p => $"--- {p.Key} ---{Environment.NewLine}{Read(p.Value)}"));

    public static async Task<SaasApp> StartAsync(SaasAppOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SaasAppOptions();
        var data = new TempDirectory("saas-aspire");
        string[] args =
        [
            $"--AppHost:DataDirectory={data.Path}",
            "--AppHost:GatewayPort=0",
            // The tests' known internal key instead of the AppHost's random one, so a test can call /internal/** itself.
            $"--INTERNAL_API_KEY={InternalApiKey.Value}",
            .. options.AppHostConfiguration.Select(p => $"--{p.Key}={p.Value}"),
        ];
        var builder = options.Dashboard
            ? await DistributedApplicationTestingBuilder.CreateAsync<Projects.Saas_AppHost>(
                new DistributedApplicationTestingBuilderOptions { EnableDashboard = true }, args, ct)
            : await DistributedApplicationTestingBuilder.CreateAsync<Projects.Saas_AppHost>(
                args, (app, _) => app.DisableDashboard = true, ct);
        // The gateway, the services and the emulator (executables run from their build output, found by service discovery).
        foreach (var project in builder.Resources.OfType<ExecutableResource>().Where(r => r is IResourceWithServiceDiscovery).ToList())
        {
            var resource = builder.CreateResourceBuilder(project);
            foreach (var (key, value) in options.ServiceEnvironment)
            {
                resource.WithEnvironment(key, value);
            }
        }

        var app = await builder.BuildAsync(ct);
        var saas = new SaasApp(app, data);
        try
        {
            saas.CaptureLogs();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartTimeout);
            await app.StartAsync(timeout.Token);
            // Everything starts at once (no WaitFor chain): the system is up when every process the AppHost runs is healthy.
            var processes = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
                .Where(r => r is ExecutableResource && r.Name != "aspire-dashboard").Select(r => r.Name).ToList();
            try
            {
                await Task.WhenAll(processes.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"not every resource was healthy within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{saas.Output}");
            }

            if (options.Dashboard)
            {
                saas.DashboardLoginUrl = (await app.GetDashboardUrlAsync(timeout.Token)).ToString();
            }

            return saas;
        }
        catch
        {
            await saas.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The pid of a resource's process as the app model reports it (null when it has none right now): the service itself,
    /// since the AppHost runs each from its build output rather than under <c>dotnet run</c>.
    /// </summary>
    public int? ProcessIdOf(string resource) =>
        Snapshot(resource)?.Properties.FirstOrDefault(p => p.Name is "executable.pid" or "project.pid")?.Value is { } pid
        && int.TryParse(pid.ToString(), out var value)
            ? value
            : null;

    /// <summary>The latest state the app model published for a resource (null before its first).</summary>
    public CustomResourceSnapshot? Snapshot(string resource) => _snapshots.TryGetValue(resource, out var s) ? s : null;

    /// <summary>Every resource's latest snapshot.</summary>
    public IReadOnlyDictionary<string, CustomResourceSnapshot> Snapshots => _snapshots;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await App.StopAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            // Never started, or stopping took too long: disposing still tears DCP and its processes down.
        }

        await App.DisposeAsync();
        _data.Dispose();
        _stop.Dispose();
    }

    private void CaptureLogs()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in Notifications.WatchAsync(_stop.Token))
                {
                    _snapshots[e.Resource.Name] = e.Snapshot;
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var resource in App.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            var buffer = _logs.GetOrAdd(resource.Name, _ => new StringBuilder());
            _ = Task.Run(async () =>
            {
                try
                {
                    await foreach (var batch in loggers.WatchAsync(resource).WithCancellation(_stop.Token))
                    {
                        lock (buffer)
                        {
                            foreach (var line in batch)
                            {
                                buffer.AppendLine(line.Content);
                            }
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            // The tail is what explains a failure; the whole log of a long run would drown it.
            var text = buffer.ToString();
            return text.Length > 8000 ? "…" + text[^8000..] : text;
        }
    }
}

/// <summary>What a test changes about the system it starts.</summary>
public sealed class SaasAppOptions
{
    /// <summary>The AppHost's configuration (e.g. <c>Stripe:SecretKey</c>, <c>ConnectionStrings:messaging</c>).</summary>
    public Dictionary<string, string> AppHostConfiguration { get; init; } = [];

    /// <summary>Added to the environment of every service and the gateway (e.g. <c>Billing__Plans__1__TrialDays</c>).</summary>
    public Dictionary<string, string> ServiceEnvironment { get; init; } = [];

    /// <summary>Run the Aspire dashboard too (Aspire's test host picks its ports and login token).</summary>
    public bool Dashboard { get; init; }

    /// <summary>
    /// A system on an existing broker with a Stripe key (no emulator), the given webhook secret and an operator
    /// account, whose webhooks fail fast: two quick attempts and a short sweep, so a test sees an event reach
    /// <c>failed</c> and a replay pick it up in seconds rather than the production schedule's minutes.
    /// </summary>
    public static SaasAppOptions ForStaffReplay(
        string brokerConnectionString, string stripeSecretKey, string webhookSecret, string adminUser, string adminPassword) => new()
    {
        AppHostConfiguration = new()
        {
            ["ConnectionStrings:messaging"] = brokerConnectionString,
            ["Stripe:SecretKey"] = stripeSecretKey,
            ["Stripe:WebhookSecret"] = webhookSecret,
        },
        ServiceEnvironment = new()
        {
            ["Admin__Username"] = adminUser,
            ["Admin__Password"] = adminPassword,
            ["Webhooks__RetrySchedule__0"] = "00:00:00",
            ["Webhooks__RetrySchedule__1"] = "00:00:00.500",
            ["Webhooks__PublishTimeout"] = "00:00:02",
            ["Webhooks__SweepInterval"] = "00:00:00.500",
        },
    };
}
