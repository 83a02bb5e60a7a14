using Microsoft.Extensions.Configuration;

namespace Saas.AppHost.Wiring;

/// <summary>
/// The AppHost's own settings (<c>--AppHost:GatewayPort=8081</c> or <c>AppHost__GatewayPort=8081</c>) and the facts it
/// derives from where it runs.
/// </summary>
internal sealed record AppHostSettings(
    string RepoRoot, string DataDirectory, int GatewayPort, string EnvironmentName, string InternalApiKey, bool RabbitMqContainer = false)
{
    public const string SectionName = "AppHost";

    public static AppHostSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var repoRoot = configuration[$"{SectionName}:RepoRoot"] is { Length: > 0 } root
            ? Path.GetFullPath(root)
            : Path.GetFullPath(Path.Combine(appHostDirectory, "..", ".."));
        var data = configuration[$"{SectionName}:DataDirectory"] is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(repoRoot, ".data");
        var portText = configuration[$"{SectionName}:GatewayPort"];
        var gatewayPort = 8080;
        if (portText is { Length: > 0 } && (!int.TryParse(portText, out gatewayPort) || gatewayPort is < 0 or > 65535))
        {
            throw new InvalidOperationException($"{SectionName}:GatewayPort must be a port number (0 picks a free one), not '{portText}'");
        }

        if (gatewayPort == 0)
        {
            gatewayPort = FreePorts.Next(1)[0];
        }
        else if (!FreePorts.IsFree(gatewayPort))
        {
            throw new InvalidOperationException(
                $"port {gatewayPort} is in use: stop what uses it or set {SectionName}:GatewayPort (e.g. --{SectionName}:GatewayPort=8081)");
        }

        // The key every service's /internal/** routes require (README "Security"): the operator's INTERNAL_API_KEY, or a
        // fresh one per start, so the routes are closed under the AppHost too, in Development included.
        var internalKey = configuration["INTERNAL_API_KEY"] is { Length: > 0 } given
            ? given
            : Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var containerText = configuration[$"{SectionName}:RabbitMqContainer"];
        var rabbitMqContainer = false;
        if (containerText is { Length: > 0 } && !bool.TryParse(containerText, out rabbitMqContainer))
        {
            throw new InvalidOperationException($"{SectionName}:RabbitMqContainer must be true or false, not '{containerText}'");
        }

        return new(repoRoot, data, gatewayPort, EnvironmentNameFromProcess(), internalKey, rabbitMqContainer);
    }

    /// <summary>The repository's <c>.env</c> (saasbackend's variables), when there is one.</summary>
    public string? EnvFile => File.Exists(Path.Combine(RepoRoot, ".env")) ? Path.Combine(RepoRoot, ".env") : null;

    /// <summary>The services run in the AppHost's environment, Development unless the operator says otherwise.</summary>
    private static string EnvironmentNameFromProcess() =>
        Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
        : Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
        : "Development";
}
