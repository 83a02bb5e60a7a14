namespace Saas.Testing;

/// <summary>Where the repository and the build outputs the tests exercise are.</summary>
public static class RepoPaths
{
    /// <summary>The folder with <c>Saas.sln</c>, found above the test binaries.</summary>
    public static string Root { get; } = FindRepoRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"no Saas.sln above {AppContext.BaseDirectory}");

    /// <summary>The configuration the tests were built in; system tests run the build outputs of the same one.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>
    /// The build output of a service (<c>identity</c>, …) or the gateway:
    /// <c>services/&lt;name&gt;/Saas.&lt;Name&gt;/bin/&lt;cfg&gt;/net10.0/Saas.&lt;Name&gt;.dll</c>; the gateway sits at the top level.
    /// </summary>
    public static string ProjectDll(string resourceName)
    {
        var project = "Saas." + char.ToUpperInvariant(resourceName[0]) + resourceName[1..];
        var folder = resourceName == "gateway" ? Path.Combine(Root, "gateway", project) : Path.Combine(Root, "services", resourceName, project);
        return Path.Combine(folder, "bin", Configuration, "net10.0", project + ".dll");
    }

    private static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Saas.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
