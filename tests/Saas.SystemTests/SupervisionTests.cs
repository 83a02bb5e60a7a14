using System.Text.Json;
using Saas.AppHost.Processes;
using Saas.ServiceDefaults;

namespace Saas.SystemTests;

/// <summary>The AppHost restarts a service whose process dies.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class SupervisionTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Service_WhenItsProcessIsKilled_ShouldBeRestartedAndAnswerThroughTheGatewayAgain()
    {
        var host = fixture.Host;
        var before = await host.GetResourceAsync(ResourceNames.Billing);
        Assert.Equal(0, before.Restarts);

        Assert.True(UnixSignals.Send(before.Pid!.Value, UnixSignals.SigKill), $"could not kill billing (pid {before.Pid})");

        var after = await Polling.UntilAsync(
            () => host.GetResourceAsync(ResourceNames.Billing),
            r => r.State == "running" && r.Pid is not null && r.Pid != before.Pid,
            TimeSpan.FromSeconds(90),
            "billing running again under a new pid");
        Assert.Equal(1, after.Restarts);

        using var gateway = new GatewayClient(host.GatewayUrl);
        var (_, body) = await Polling.UntilAsync(
            () => gateway.GetAsync("/api/billing/plans"),
            r => r.Status == 200,
            TimeSpan.FromSeconds(60),
            "billing answering through the gateway");
        Assert.True(body.ValueKind == JsonValueKind.Object && body.TryGetProperty("plans", out _), $"unexpected body: {body}");
    }
}
