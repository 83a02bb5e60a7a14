using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Saas.ServiceDefaults;
using Saas.Testing.Aspire;
using Saas.Testing.Broker;

namespace Saas.SystemTests;

/// <summary>
/// The AppHost restarts a service or the broker whose process dies (Aspire alone would leave it Exited), and leaves alone
/// one the operator stopped with the dashboard's Stop command (run here through Aspire's command service, as the
/// dashboard does). These tests kill and stop processes of the shared system, so they run after its other classes and
/// leave every process running again.
/// </summary>
[Collection(SharedSystemCollection.Name)]
[RunsLastInCollection]
public sealed class SupervisionTests(SharedSystem fixture)
{
    /// <summary>
    /// Issue 13, item 1: the RabbitMQ node killed outright is restarted by the AppHost on the same port and data
    /// directory, the services reconnect, and a signed webhook reaches the user's subscriptionStatus again.
    /// </summary>
    [Fact]
    public async Task Broker_WhenSigkilled_ShouldBeRestartedAndWebhooksProcessedAgain()
    {
        var home = $"-home {Path.Combine(fixture.Host.DataDirectory, "messaging", "home")} ";
        var before = Assert.Single(ProcessTable.FindByCommandLine("beam.smp", home));

        Assert.True(UnixSignals.Send(before, UnixSignals.SigKill));

        await Polling.UntilAsync(
            () => Task.FromResult(ProcessTable.FindByCommandLine("beam.smp", home).ToList()),
            vms => vms.Count == 1 && vms[0] != before && fixture.Host.Snapshot("messaging") is { } s
                && s.State?.Text == KnownResourceStates.Running && s.HealthStatus == HealthStatus.Healthy,
            TimeSpan.FromSeconds(120),
            "a new RabbitMQ node running and healthy");
        using var billing = new BillingGateway(fixture);
        await billing.SubscribeToProAsync();
    }

    [Fact]
    public async Task Service_WhenItsProcessIsKilled_ShouldBeRestartedAndAnswerThroughTheGatewayAgain()
    {
        var host = fixture.Host;
        await KillAndWaitForRestartAsync(host, ResourceNames.Billing);

        using var gateway = new GatewayClient(host.GatewayUrl);
        var (_, body) = await Polling.UntilAsync(
            () => gateway.GetAsync("/api/billing/plans"),
            r => r.Status == 200,
            TimeSpan.FromSeconds(60),
            "billing answering through the gateway");
        Assert.True(body.ValueKind == JsonValueKind.Object && body.TryGetProperty("plans", out _), $"unexpected body: {body}");
    }

    [Fact]
    public async Task Service_WhenTheOperatorStopsIt_ShouldStayStoppedUntilStartedWhileACrashedOneIsRestarted()
    {
        var host = fixture.Host;
        var commands = host.App.Services.GetRequiredService<ResourceCommandService>();
        var stoppedPid = Service(host, ResourceNames.Admin);

        var stop = await commands.ExecuteCommandAsync(Resource(host, ResourceNames.Admin), KnownResourceCommands.StopCommand);
        Assert.True(stop.Success, stop.Message);
        await Polling.UntilAsync(
            () => Task.FromResult(host.Snapshot(ResourceNames.Admin)), s => s?.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state),
            TimeSpan.FromSeconds(60), "admin stopped");
        Assert.False(ProcessTable.IsAlive(stoppedPid), "the stopped admin process still runs");

        // A crash in the meantime is restarted: the supervisor had the time to restart admin too, with the same backoff.
        await KillAndWaitForRestartAsync(host, ResourceNames.Billing);
        Assert.Contains(KnownResourceStates.TerminalStates, state => state == host.Snapshot(ResourceNames.Admin)?.State?.Text);

        // Started again by the operator, it is supervised again: a crash of it is restarted.
        var start = await commands.ExecuteCommandAsync(Resource(host, ResourceNames.Admin), KnownResourceCommands.StartCommand);
        Assert.True(start.Success, start.Message);
        await WaitForHealthyAsync(host, ResourceNames.Admin, previous: stoppedPid);
        await KillAndWaitForRestartAsync(host, ResourceNames.Admin);
    }

    private static async Task KillAndWaitForRestartAsync(SaasApp host, string resource)
    {
        var before = Service(host, resource);
        Assert.True(UnixSignals.Send(before, UnixSignals.SigKill), $"could not kill {resource} (pid {before})");
        await WaitForHealthyAsync(host, resource, previous: before);
    }

    private static Task WaitForHealthyAsync(SaasApp host, string resource, int previous) =>
        Polling.UntilAsync(
            () => Task.FromResult(host.Snapshot(resource)),
            s => s is not null && Service(host, resource) is var pid && pid != 0 && pid != previous
                && s.State?.Text == KnownResourceStates.Running && s.HealthStatus == HealthStatus.Healthy,
            TimeSpan.FromSeconds(120),
            $"{resource} running and healthy under a new pid");

    private static IResource Resource(SaasApp host, string name) =>
        host.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    /// <summary>The service's process: the AppHost runs it from its build output, so the resource's pid is the service (0 when none runs).</summary>
    private static int Service(SaasApp host, string resource) =>
        host.ProcessIdOf(resource) is { } pid && ProcessTable.IsAlive(pid) ? pid : 0;
}
