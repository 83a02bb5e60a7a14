using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Saas.AppHost.Diagnostics;

/// <summary>
/// Prints how long the AppHost took from its own process start until every resource it runs was healthy
/// (<c>All resources healthy in 12.3 s</c>), then <paramref name="readyLine"/> (the gateway's URL), and with
/// <c>--AppHost:Timings=true</c> (<c>./saas up --time</c>) when each resource was launched and healthy: where a slow start
/// spends its time.
/// </summary>
internal sealed class StartupTimer(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    string readyLine) : BackgroundService
{
    // DCP reports a process Running as soon as it is launched (no Starting in between): Running is "launched".
    private static readonly string[] Milestones = [KnownResourceStates.Running, "Healthy"];

    private readonly ConcurrentDictionary<(string Resource, string Milestone), TimeSpan> _seen = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var origin = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        // What DCP runs for the system (not the dashboard); a connection string or parameter has no process to wait for.
        var watched = model.Resources
            .Where(r => r is ExecutableResource or ProjectResource && r.Name != "aspire-dashboard")
            .Select(r => r.Name).ToHashSet();
        var healthy = new HashSet<string>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var e in notifications.WatchAsync(stopping.Token))
            {
                if (!watched.Contains(e.Resource.Name))
                {
                    continue;
                }

                var at = DateTime.UtcNow - origin;
                var state = e.Snapshot.State?.Text;
                if (state is not null && Milestones.Contains(state))
                {
                    _seen.TryAdd((e.Resource.Name, state), at);
                }

                if (state == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy)
                {
                    _seen.TryAdd((e.Resource.Name, "Healthy"), at);
                    healthy.Add(e.Resource.Name);
                    if (healthy.SetEquals(watched))
                    {
                        Console.WriteLine($"All resources healthy in {at.TotalSeconds:0.0} s (from the AppHost's start)");
                        Console.WriteLine(readyLine);
                        if (configuration.GetValue("AppHost:Timings", false))
                        {
                            Console.WriteLine(Table(watched));
                        }

                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private string Table(IEnumerable<string> resources)
    {
        var text = new StringBuilder("resource     launched  healthy (s after the AppHost's start)");
        foreach (var name in resources.OrderBy(n => _seen.TryGetValue((n, "Healthy"), out var t) ? t : TimeSpan.MaxValue))
        {
            text.AppendLine().Append(name.PadRight(12));
            foreach (var milestone in Milestones)
            {
                text.Append(_seen.TryGetValue((name, milestone), out var t) ? $"{t.TotalSeconds,9:0.0}" : "        -");
            }
        }

        return text.ToString();
    }
}
