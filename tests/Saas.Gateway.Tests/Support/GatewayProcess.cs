using Saas.Testing.Processes;

namespace Saas.Gateway.Tests.Support;

/// <summary>Runs the gateway as an operator would, to see what it prints and how it exits.</summary>
public static class GatewayProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var start = ServiceLaunch.Dotnet(Path.Combine(AppContext.BaseDirectory, "Saas.Gateway.dll"), ["--urls=http://127.0.0.1:0"]);
        // Only the cluster addresses the test gives count, not any the test runner inherited.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("services__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        await using var gateway = LaunchedProcess.Start(start);
        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60), "the gateway kept running instead of refusing to start");
        return (exitCode, gateway.Stdout, gateway.Stderr);
    }
}
