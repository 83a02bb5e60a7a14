using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Saas.AppHost.Configuration;
using Saas.AppHost.Orchestration;
using Saas.AppHost.Resources;
using Saas.AppHost.Telemetry;
using Saas.AppHost.Telemetry.Queues;
using Saas.AppHost.Telemetry.Receiver;
using Saas.AppHost.Telemetry.Store;
using Saas.ServiceDefaults.Configuration;

namespace Saas.AppHost.Hosting;

/// <summary>Registers the AppHost and runs it with the exit codes and one-line errors operators see.</summary>
internal static class AppHostHosting
{
    public static WebApplicationBuilder AddAppHost(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AppHostOptions>(AppHostOptions.SectionName);
        builder.Services.AddSingleton<IPostConfigureOptions<AppHostOptions>, AppHostDefaults>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AppHostExit>();
        builder.AddTelemetryReceiver();
        builder.Services.AddSingleton<IQueueSource, BrokerQueueSource>();
        builder.Services.AddSingleton(sp => AppModelBuilder.Build(
            sp.GetRequiredService<IOptions<AppHostOptions>>(), sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<TimeProvider>(),
            TelemetryWiring.For(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<OtlpEndpoint>())));
        builder.Services.AddHostedService<Orchestrator>();
        // Stopping the gateway, four services and the broker gracefully takes a few seconds; give it room.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<AppHostOptions>>(
            (kestrel, o) => kestrel.Listen(IPAddress.Loopback, o.Value.DashboardPort));

        // The console belongs to the operator: resource tables and problems, not framework chatter.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    /// <summary>
    /// Builds and runs the AppHost until Ctrl+C/SIGTERM; returns 0 after a clean shutdown, 1 if starting failed,
    /// 2 for bad settings (one line per setting, naming its key).
    /// </summary>
    public static async Task<int> RunAppHostAsync(this WebApplicationBuilder builder, Action<WebApplication> mapEndpoints)
    {
        WebApplication app;
        try
        {
            // Building creates Kestrel, which reads the dashboard port and so validates the options; resolving the
            // model then checks the broker binary and the build outputs before anything is started.
            app = builder.Build();
            app.Services.GetRequiredService<TelemetryStore>();
            app.Services.GetRequiredService<AppModel>();
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine($"Saas.AppHost: invalid configuration: {failure}");
            }

            return AppHostExit.InvalidConfiguration;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is ArgumentException or FormatException)
        {
            // The binder's "Failed to convert configuration value 'abc' at 'AppHost:GatewayPort' to type 'System.Int32'."
            Console.Error.WriteLine($"Saas.AppHost: invalid configuration: {ex.Message}");
            return AppHostExit.InvalidConfiguration;
        }
        catch (Exception ex) when (ex is RabbitMqNotInstalledException or PreflightException)
        {
            Console.Error.WriteLine(ex.Message);
            return AppHostExit.StartFailed;
        }

        mapEndpoints(app);
        var exit = app.Services.GetRequiredService<AppHostExit>();
        // Closing the terminal sends SIGHUP, whose default would end the AppHost without stopping its children
        // (they run in sessions of their own); treat it like Ctrl+C.
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            app.Lifetime.StopApplication();
        });
        try
        {
            await app.RunAsync();
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException or null)
        {
            // Kestrel could not bind the dashboard port; nothing else has been started yet (see Orchestrator).
            Console.Error.WriteLine($"Saas.AppHost: cannot serve the dashboard: {ex.Message} (set AppHost:DashboardPort, or AppHost:OtlpPort for the telemetry receiver)");
            return AppHostExit.StartFailed;
        }

        return exit.Code;
    }
}
