using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Saas.Testing;
using Xunit.Abstractions;

namespace Saas.ServiceDefaults.Tests.Messaging;

/// <summary>A broker killed and restarted under a running service: the log says so twice, not once per reconnect attempt.</summary>
public sealed class BrokerOutageLogTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Log_WhenTheBrokerIsKilledAndComesBack_ShouldWarnOnceLostOnceBackWithACountAndNoStackTraces()
    {
        await using var broker = new RabbitMqFixture();
        await broker.InitializeAsync();
        Assert.NotNull(broker.Node);
        var logs = new CapturedLogs();
        await using var app = await TestApps.StartAsync(
            [new("ConnectionStrings:messaging", broker.ConnectionString)],
            configure: b => b.Logging.AddProvider(logs));
        var health = app.Services.GetRequiredService<HealthCheckService>();
        logs.Entries.Clear();

        using (var vm = Process.GetProcessById(broker.Node.ProcessId))
        {
            vm.Kill(); // SIGKILL, as a crash or the OOM killer would
            await vm.WaitForExitAsync();
        }

        // Down long enough for several reconnect attempts, judged by what the service observes.
        await WaitUntilAsync(async () => (await health.CheckHealthAsync()).Status != HealthStatus.Healthy, "the bus to notice");
        await WaitUntilAsync(() => Task.FromResult(logs.Entries.Any(e => e.Message.Contains("lost", StringComparison.OrdinalIgnoreCase))), "the outage warning");
        var lostAt = DateTime.UtcNow;
        await WaitUntilAsync(() => Task.FromResult(DateTime.UtcNow - lostAt > TimeSpan.FromSeconds(8)), "a few reconnect attempts");
        await broker.Node.StartAgainAsync();
        await WaitUntilAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Healthy, "the bus to reconnect");
        await WaitUntilAsync(() => Task.FromResult(logs.Entries.Any(e => e.Message.Contains("back", StringComparison.OrdinalIgnoreCase))), "the recovery line");

        var entries = logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        foreach (var e in logs.Entries)
        {
            output.WriteLine($"{e.Level} {e.Category}: {e.Message}{(e.Exception is null ? "" : " [" + e.Exception.GetType().Name + "]")}");
        }

        var lost = Assert.Single(entries, e => e.Message.Contains("lost", StringComparison.OrdinalIgnoreCase));
        var back = Assert.Single(entries, e => e.Message.Contains("back", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(LogLevel.Warning, lost.Level);
        Assert.Matches(@"\d+ failed (connection )?attempts?", back.Message);
        Assert.All(logs.Entries, e => Assert.Null(e.Exception));
        Assert.True(entries.Count <= 4, $"{entries.Count} warnings or errors for one outage");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
