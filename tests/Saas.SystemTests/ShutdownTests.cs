using System.Net;
using System.Net.Sockets;
using Saas.AppHost.Processes;
using Saas.ServiceDefaults;
using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>SIGTERM stops the whole system cleanly. Its own AppHost, since the test stops it.</summary>
public sealed class ShutdownTests(AppHostFixture fixture) : IClassFixture<AppHostFixture>
{
    [Fact]
    public async Task AppHost_WhenSentSigterm_ShouldExitZeroAndLeaveNoProcessOrPortBehind()
    {
        var host = fixture.Host;
        var resources = await host.GetResourcesAsync();
        var broker = resources.Single(r => r.Name == ResourceNames.Messaging);
        var epmdPort = AppHostLeftovers.EpmdPortOf(broker.Pid!.Value);
        Assert.True(epmdPort is not null, $"no -epmd_port on the broker's command line: {ProcessTable.CommandLine(broker.Pid.Value)}");
        var ports = resources.Select(r => new Uri(r.Url!).Port).Append(new Uri(host.DashboardUrl).Port).Append(epmdPort.Value).ToList();

        var exitCode = await host.StopAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:{Environment.NewLine}{host.Output}");
        Assert.False(ProcessTable.IsAlive(host.ProcessId));
        Assert.Empty(AppHostLeftovers.Find(host.ReportedProcessIds, host.DataDirectory));
        Assert.Empty(ProcessTable.FindByEnvironment("epmd", "ERL_EPMD_PORT", epmdPort.Value.ToString()));
        Assert.DoesNotContain(ports, IsListening);
    }

    private static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
