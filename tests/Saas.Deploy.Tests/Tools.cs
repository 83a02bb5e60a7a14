using System.Collections.Concurrent;
using System.Diagnostics;

namespace Saas.Deploy.Tests;

/// <summary>
/// The command-line tools some checks use. A missing one is installed with Debian's apt-get when this process runs
/// as root (as `./saas test` does on CI); otherwise the tests that need it are skipped, saying how to get it.
/// </summary>
public static class Tools
{
    public const string DockerCompose = "docker-compose";
    public const string Kubectl = "kubectl";
    public const string Node = "node";
    public const string Npm = "npm";

    /// <summary>Tool → the Debian package that provides it.</summary>
    private static readonly Dictionary<string, string> AptPackages = new()
    {
        // 1.29.2: validates offline. Without --no-install-recommends it would pull in a Docker engine.
        [DockerCompose] = "docker-compose",
        // Debian 12's kubectl (1.20) still has `kubectl kustomize`; the machine image may ship a newer one.
        [Kubectl] = "kubernetes-client",
        [Node] = "nodejs",
        [Npm] = "npm",
    };

    private static readonly ConcurrentDictionary<string, Lazy<string?>> Found = new();
    private static readonly object AptLock = new();
    private static bool aptUpdated;

    /// <summary>The tool's full path, installing it first when possible; null when it cannot be had.</summary>
    public static string? Ensure(string tool) =>
        Found.GetOrAdd(tool, t => new Lazy<string?>(() => OnPath(t) ?? InstallThenFind(t))).Value;

    /// <summary>Why a test that needs <paramref name="tool"/> cannot run, or null when it can.</summary>
    public static string? MissingReason(string tool) => Ensure(tool) is not null
        ? null
        : $"{tool} is not installed and could not be installed here (Debian: apt-get install -y --no-install-recommends {AptPackages.GetValueOrDefault(tool, tool)})";

    public static string? OnPath(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? InstallThenFind(string tool)
    {
        if (!AptPackages.TryGetValue(tool, out var package) || !Environment.IsPrivilegedProcess || OnPath("apt-get") is null)
        {
            return null;
        }

        lock (AptLock)
        {
            var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            string[] install = ["-o", "DPkg::Lock::Timeout=120", "install", "-y", "-qq", "--no-install-recommends", package];
            if (Run("apt-get", install, timeout: TimeSpan.FromMinutes(5), environment: env).ExitCode != 0 && !aptUpdated)
            {
                aptUpdated = true;
                Run("apt-get", ["-o", "DPkg::Lock::Timeout=120", "update", "-qq"], timeout: TimeSpan.FromMinutes(5), environment: env);
                Run("apt-get", install, timeout: TimeSpan.FromMinutes(5), environment: env);
            }
        }

        return OnPath(tool);
    }

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}".Trim();
    }

    /// <summary>Runs a program to its end (killed after <paramref name="timeout"/>), capturing both streams.</summary>
    public static Result Run(
        string program, IEnumerable<string> arguments, string? workingDirectory = null, string? input = null,
        TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new Result(-1, output.Result, error.Result + $"\n{program} timed out");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A fact that needs a command-line tool: skipped, with the reason, when it is missing and cannot be installed.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        if (tools.Select(Tools.MissingReason).FirstOrDefault(r => r is not null) is { } reason)
        {
            Skip = reason;
        }
    }
}
