using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.Testing;
using Saas.Testing.Aspire;
using Saas.Testing.Broker;

namespace Saas.SystemTests;

/// <summary>
/// Issue 13, item 1: a broker that cannot be restarted is shown as failed with the reason, not as running. The node is
/// killed and its AMQP port taken by another listener, so every restart fails; two attempts keep the test short.
/// </summary>
public sealed class BrokerFailureTests
{
    [Fact]
    public async Task Broker_WhenItCannotBeRestarted_ShouldBeShownFailedWithTheReason()
    {
        await using var app = await SaasApp.StartAsync(new SaasAppOptions
        {
            AppHostConfiguration = new() { ["AppHost:RestartAttempts"] = "2" },
        });
        var port = app.App.GetEndpoint("messaging", "amqp").Port;
        var home = $"-home {Path.Combine(app.DataDirectory, "messaging", "home")} ";
        var node = Assert.Single(ProcessTable.FindByCommandLine("beam.smp", home));

        Assert.True(UnixSignals.Send(node, UnixSignals.SigKill));
        using var squatter = await Polling.UntilAsync(() => Task.FromResult(TryListen(port)), l => l is not null, TimeSpan.FromSeconds(30), $"port {port} free");

        var failed = await Polling.UntilAsync(
            () => Task.FromResult(app.Snapshot("messaging")?.State?.Text),
            state => state?.StartsWith("Failed:", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(180),
            "messaging shown as failed");
        Assert.Contains("exit code", failed);
        Assert.Empty(ProcessTable.FindByCommandLine("beam.smp", home));
    }

    private static TcpListenerLease? TryListen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return new TcpListenerLease(listener);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private sealed class TcpListenerLease(TcpListener listener) : IDisposable
    {
        public void Dispose() => listener.Stop();
    }
}
