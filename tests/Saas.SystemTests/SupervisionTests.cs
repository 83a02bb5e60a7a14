using System.Text.Json;
using Saas.ServiceDefaults;
using Saas.Testing.Broker;

namespace Saas.SystemTests;

/// <summary>The AppHost restarts a service whose process dies (Aspire alone would leave it Exited).</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class SupervisionTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Service_WhenItsProcessIsKilled_ShouldBeRestartedAndAnswerThroughTheGatewayAgain()
    {
        var host = fixture.Host;
        var before = host.ProcessIdOf(ResourceNames.Billing) ?? throw new InvalidOperationException("billing has no pid");

        Assert.True(UnixSignals.Send(before, UnixSignals.SigKill), $"could not kill billing (pid {before})");

        await Polling.UntilAsync(
            () => Task.FromResult(host.Snapshot(ResourceNames.Billing)),
            s => s is not null && host.ProcessIdOf(ResourceNames.Billing) is { } pid && pid != before
                && s.State?.Text == "Running" && s.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            TimeSpan.FromSeconds(120),
            "billing running and healthy again under a new pid");

        using var gateway = new GatewayClient(host.GatewayUrl);
        var (_, body) = await Polling.UntilAsync(
            () => gateway.GetAsync("/api/billing/plans"),
            r => r.Status == 200,
            TimeSpan.FromSeconds(60),
            "billing answering through the gateway");
        Assert.True(body.ValueKind == JsonValueKind.Object && body.TryGetProperty("plans", out _), $"unexpected body: {body}");
    }
}
