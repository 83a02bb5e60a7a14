namespace Saas.AppHost.Processes;

/// <summary>Finds the <c>dotnet</c> executable that runs the AppHost, so services run on the same runtime.</summary>
internal static class DotnetHost
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var self = Environment.ProcessPath;
        if (self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        // Started through the apphost executable or `dotnet run`: the SDK tells us where its host is.
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var candidate = root is null ? null : System.IO.Path.Combine(root, "dotnet");
        return candidate is not null && File.Exists(candidate) ? candidate : "dotnet";
    }
}
