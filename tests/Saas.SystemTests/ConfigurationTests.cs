using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>A bad setting stops the AppHost at once with one line naming the key, before anything starts.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--AppHost:GatewayPort=-5", "AppHost:GatewayPort")]
    [InlineData("--AppHost:DashboardPort=70000", "AppHost:DashboardPort")]
    [InlineData("--AppHost:Configuration=Fast", "AppHost:Configuration")]
    public async Task AppHost_WhenAnOptionIsInvalid_ShouldExitNonZeroWithOneLineNamingIt(string argument, string key)
    {
        var (exitCode, output) = await AppHostProcess.RunToExitAsync([argument], TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.Contains(key, line);
    }
}
