using Saas.AppHost.Configuration;
using Saas.AppHost.Orchestration;

namespace Saas.Testing;

/// <summary>Where the repository and the build outputs the tests exercise are.</summary>
public static class RepoPaths
{
    /// <summary>The folder with <c>Saas.sln</c>, found above the test binaries (as the AppHost finds it).</summary>
    public static string Root { get; } = AppHostDefaults.FindRepoRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"no Saas.sln above {AppContext.BaseDirectory}");

    /// <summary>The configuration the tests were built in; system tests run the build outputs of the same one.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string AppHostDll => Path.Combine(Root, "AppHost", "Saas.AppHost", "bin", Configuration, "net10.0", "Saas.AppHost.dll");

    /// <summary>The build output the AppHost runs for a resource (<c>identity</c>, …, <c>gateway</c>).</summary>
    public static string ProjectDll(string resourceName) => AppModelBuilder.DllPath(Root, Configuration, resourceName);
}
