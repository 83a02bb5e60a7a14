using System.Reflection;
using Microsoft.Extensions.Options;

namespace Saas.AppHost.Configuration;

/// <summary>
/// Fills the defaults that depend on where the AppHost runs. Runs before validation, so a missing repository root
/// is reported as a configuration error naming <c>AppHost:RepoRoot</c>.
/// </summary>
internal sealed class AppHostDefaults : IPostConfigureOptions<AppHostOptions>
{
    private static readonly string[] RootMarkers = ["Saas.sln", "Saas.slnx"];

    public void PostConfigure(string? name, AppHostOptions options)
    {
        options.RepoRoot = options.RepoRoot is { Length: > 0 } root ? Path.GetFullPath(root) : FindRepoRoot(AppContext.BaseDirectory);
        if (string.IsNullOrWhiteSpace(options.DataDirectory) && options.RepoRoot is not null)
        {
            options.DataDirectory = Path.Combine(options.RepoRoot, ".data");
        }
        else if (options.DataDirectory is { Length: > 0 } data)
        {
            options.DataDirectory = Path.GetFullPath(data);
        }

        options.Configuration ??= BuiltConfiguration();
        // Chosen here rather than by Kestrel, so the dashboard knows which of the AppHost's ports is its own.
        if (options.DashboardPort == 0)
        {
            options.DashboardPort = Processes.FreePorts.Next();
        }
    }

    /// <summary>The nearest folder above <paramref name="start"/> with the solution file.</summary>
    public static string? FindRepoRoot(string start)
    {
        // The solution is the real marker; Directory.Packages.props stands in until a solution exists.
        return Walk(start, dir => RootMarkers.Any(m => File.Exists(Path.Combine(dir, m))))
            ?? Walk(start, dir => File.Exists(Path.Combine(dir, "Directory.Packages.props")));
    }

    private static string? Walk(string start, Func<string, bool> isRoot)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (isRoot(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string BuiltConfiguration() =>
        typeof(AppHostDefaults).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is "Release" ? "Release" : "Debug";
}
