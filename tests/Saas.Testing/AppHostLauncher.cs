using System.Diagnostics;
using Saas.AppHost.Processes;

namespace Saas.Testing;

/// <summary>Starts <c>dotnet Saas.AppHost.dll</c> from the repository root, on the build outputs the tests were built with.</summary>
internal static class AppHostLauncher
{
    public static Process Start(IEnumerable<string> arguments, AppHostOutput output, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(RepoPaths.AppHostDll))
        {
            throw new InvalidOperationException($"build first: dotnet build Saas.sln -c {RepoPaths.Configuration} ({RepoPaths.AppHostDll} is missing)");
        }

        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        string[] all =
        [
            RepoPaths.AppHostDll, $"--AppHost:RepoRoot={RepoPaths.Root}", $"--AppHost:Configuration={RepoPaths.Configuration}", .. arguments,
        ];
        all.ToList().ForEach(start.ArgumentList.Add);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
