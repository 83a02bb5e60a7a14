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
        var before = Service(host);

        Assert.True(UnixSignals.Send(before, UnixSignals.SigKill), $"could not kill billing (pid {before})");

        await Polling.UntilAsync(
            () => Task.FromResult(host.Snapshot(ResourceNames.Billing)),
            s => s is not null && Service(host) is var pid && pid != 0 && pid != before
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

    /// <summary>The billing process itself: Aspire runs a project with <c>dotnet run</c>, whose child it is (0 when none runs).</summary>
    private static int Service(Saas.Testing.Aspire.SaasApp host) =>
        host.ProcessIdOf(ResourceNames.Billing) is { } launcher
            ? ProcessTable.ChildrenOf(launcher).FirstOrDefault(pid => ProcessTable.Name(pid) == "Saas.Billing")
            : 0;
}
