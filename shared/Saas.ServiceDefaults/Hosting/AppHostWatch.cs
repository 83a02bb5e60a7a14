using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Saas.ServiceDefaults.Hosting;

/// <summary>
/// Stops the service when the AppHost that started it is gone, however it went (SIGKILL, a crash, the OOM killer):
/// its children are in sessions of their own, so nothing else would stop them, and they would keep their ports.
/// The AppHost gives each child a standard input that it never writes to; when the AppHost dies the kernel closes
/// it, and the read here ends. Active only under the AppHost (<see cref="EnvironmentVariable"/> = 1).
/// </summary>
public sealed class AppHostWatch(IHostApplicationLifetime lifetime, ILogger<AppHostWatch> logger, Func<Stream>? openInput = null)
    : IHostedService
{
    /// <summary>Set to 1 by the AppHost for the services it starts.</summary>
    public const string EnvironmentVariable = "SAAS_STOP_WITH_APPHOST";

    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends once the input has closed and the stop was requested.</summary>
    public Task Stopped => stopped.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A blocking read on a thread of its own: it cannot be cancelled, so it must not hold up the host's shutdown.
        new Thread(WaitForTheAppHostToGo) { IsBackground = true, Name = "AppHost watch" }.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void WaitForTheAppHostToGo()
    {
        try
        {
            using var input = (openInput ?? Console.OpenStandardInput)();
            var buffer = new byte[256];
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
                // Nothing is ever written; anything that is, is ignored.
            }
        }
        catch (IOException)
        {
            // A broken pipe means the same as its end: the AppHost is gone.
        }

        logger.LogWarning("The AppHost that started this service is gone (its pipe closed): stopping");
        lifetime.StopApplication();
        stopped.TrySetResult();
    }
}

public static class AppHostWatchExtensions
{
    /// <summary>Adds <see cref="AppHostWatch"/> when the AppHost started this process.</summary>
    public static IServiceCollection AddAppHostWatch(this IServiceCollection services)
    {
        if (Environment.GetEnvironmentVariable(AppHostWatch.EnvironmentVariable) == "1")
        {
            services.AddHostedService(sp => new AppHostWatch(
                sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<AppHostWatch>>()));
        }

        return services;
    }
}
