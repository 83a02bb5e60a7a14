using System.Diagnostics;
using Saas.AppHost.Processes;
using Saas.ServiceDefaults;
using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>
/// An AppHost killed outright (SIGKILL, the OOM killer) runs no shutdown code; its services, in sessions of their own,
/// and the Stripe emulator must notice by themselves and stop, or they keep their ports and the next <c>./saas up</c> cannot start.
/// </summary>
public sealed class AppHostKilledTests
{
    /// <summary>The Stripe emulator's resource (AppHost's StripeWiring.ResourceName), started when no Stripe key is set.</summary>
    private const string StripeEmulator = "stripe";

    private static readonly string[] Services =
        [ResourceNames.Gateway, ResourceNames.Identity, ResourceNames.Billing, ResourceNames.Webhooks, ResourceNames.Admin, StripeEmulator];

    [Fact]
    public async Task AppHost_WhenSigkilled_ShouldHaveItsServicesStopOnTheirOwn()
    {
        await using var host = await AppHostProcess.StartAsync();
        var services = (await host.GetResourcesAsync()).Where(r => Services.Contains(r.Name)).ToList();
        Assert.Equal(Services.Length, services.Count(s => s.Pid is not null && ProcessTable.IsAlive(s.Pid.Value)));

        Assert.True(UnixSignals.Send(host.ProcessId, UnixSignals.SigKill));

        var clock = Stopwatch.StartNew();
        while (services.Any(s => ProcessTable.IsAlive(s.Pid!.Value)) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }

        var alive = services.Where(s => ProcessTable.IsAlive(s.Pid!.Value)).Select(s => $"{s.Name} ({s.Pid})").ToList();
        Assert.True(alive.Count == 0, $"still running 60 s after the AppHost was killed: {string.Join(", ", alive)}");
    }
}
