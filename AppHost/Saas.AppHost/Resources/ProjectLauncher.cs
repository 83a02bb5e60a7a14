using System.Diagnostics;
using Saas.AppHost.Logs;
using Saas.AppHost.Processes;
using Saas.ServiceDefaults.Hosting;

namespace Saas.AppHost.Resources;

/// <summary>Runs a project's build output as <c>dotnet &lt;dll&gt; [arguments]</c> from the dll's folder, with the wired environment.</summary>
internal static class ProjectLauncher
{
    public static ManagedProcess Launch(ProjectSpec spec, IReadOnlyDictionary<string, string?> environment, ResourceLog log)
    {
        // The dll's folder, like `dotnet run` would use: appsettings.json and static files are found there.
        var start = new ProcessStartInfo(DotnetHost.Path) { WorkingDirectory = Path.GetDirectoryName(spec.DllPath)! };
        start.ArgumentList.Add(spec.DllPath);
        foreach (var argument in spec.Arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        // The AppHost's own secret, when given as AppHost__DashboardToken, is not the children's business.
        foreach (var key in start.Environment.Keys.Where(k => k.Equals("AppHost__DashboardToken", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        start.Environment[AppHostWatch.EnvironmentVariable] = "1";
        return ManagedProcess.Start(Session.Detach(start), (line, isError) => log.Write(line, isError));
    }
}
