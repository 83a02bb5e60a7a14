using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saas.AppHost.Telemetry;
using Saas.AppHost.Telemetry.Receiver;
using Saas.AppHost.Telemetry.Store;
using Saas.Testing;

namespace Saas.AppHost.Tests.Support;

/// <summary>
/// The AppHost's telemetry parts alone, in-process on free ports: the OTLP receiver on one, the dashboard's
/// <c>/api/telemetry</c> on another, registered and mapped exactly as the AppHost does (<c>AddTelemetryReceiver</c>,
/// <c>MapTelemetry</c>).
/// </summary>
public sealed class ReceiverHost : IAsyncDisposable
{
    public const string ApiKey = "test-otlp-key-0123456789";
    private readonly WebApplication _app;

    private ReceiverHost(WebApplication app, int otlpPort, int dashboardPort)
    {
        _app = app;
        OtlpUrl = $"http://127.0.0.1:{otlpPort}";
        DashboardUrl = $"http://127.0.0.1:{dashboardPort}";
        Dashboard = new HttpClient { BaseAddress = new Uri(DashboardUrl) };
        Otlp = new HttpClient { BaseAddress = new Uri(OtlpUrl) };
    }

    public string OtlpUrl { get; }
    public string DashboardUrl { get; }
    public HttpClient Dashboard { get; }

    /// <summary>A client without the api key; requests add it themselves where they mean to.</summary>
    public HttpClient Otlp { get; }

    internal TelemetryStore Store => _app.Services.GetRequiredService<TelemetryStore>();
    internal OtlpEndpoint Endpoint => _app.Services.GetRequiredService<OtlpEndpoint>();

    public static async Task<ReceiverHost> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var app = Build(settings, time, out var otlpPort, out var dashboardPort);
        await app.StartAsync();
        return new ReceiverHost(app, otlpPort, dashboardPort);
    }

    /// <summary>Builds (and so validates) without starting; resolves the store as the AppHost does at build time.</summary>
    public static WebApplication Build(IDictionary<string, string?>? settings, TimeProvider? time, out int otlpPort, out int dashboardPort)
    {
        var ports = FreePort.Next(2);
        (otlpPort, dashboardPort) = (ports[0], ports[1]);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AppHost:OtlpPort"] = otlpPort.ToString(),
            ["AppHost:OtlpApiKey"] = ApiKey,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (time is not null)
        {
            builder.Services.TryAddSingleton(time);
        }

        var dashboard = dashboardPort;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, dashboard));
        builder.AddTelemetryReceiver();
        var app = builder.Build();
        app.Services.GetRequiredService<TelemetryStore>();
        app.MapTelemetry();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Dashboard.Dispose();
        Otlp.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
