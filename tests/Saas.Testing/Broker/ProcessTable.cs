namespace Saas.Testing.Broker;

/// <summary>
/// Reads Linux's <c>/proc</c>. Erlang daemonises epmd and forks helpers of its own, so the processes a RabbitMQ
/// node leaves behind are not our children and can only be found by their command line or environment.
/// </summary>
public static class ProcessTable
{
    /// <summary>True while <paramref name="pid"/> runs; a zombie (exited, not yet reaped) counts as gone.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State is not ('Z' or 'X');
    }

    public static IEnumerable<int> AllProcessIds()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>The executable's short name (<c>/proc/PID/comm</c>), e.g. <c>beam.smp</c> or <c>epmd</c>.</summary>
    public static string? Name(int pid) => TryRead($"/proc/{pid}/comm")?.Trim();

    /// <summary>The command line with arguments separated by spaces; null when the process is gone.</summary>
    public static string? CommandLine(int pid) => TryRead($"/proc/{pid}/cmdline")?.Replace('\0', ' ').TrimEnd();

    public static int? ParentId(int pid) => ReadStat(pid)?.ParentId;

    /// <summary>The process's environment (readable for our own processes, or as root).</summary>
    public static IReadOnlyDictionary<string, string> Environment(int pid)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (TryRead($"/proc/{pid}/environ") ?? "").Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0)
            {
                result[entry[..eq]] = entry[(eq + 1)..];
            }
        }

        return result;
    }

    /// <summary>Live processes with the given name whose environment has <paramref name="variable"/> = <paramref name="value"/>.</summary>
    public static IEnumerable<int> FindByEnvironment(string name, string variable, string value) =>
        AllProcessIds().Where(pid => Name(pid) == name && IsAlive(pid)
            && Environment(pid).TryGetValue(variable, out var v) && v == value);

    /// <summary>Live processes with the given name whose command line contains <paramref name="fragment"/>.</summary>
    public static IEnumerable<int> FindByCommandLine(string name, string fragment) =>
        AllProcessIds().Where(pid => Name(pid) == name && IsAlive(pid)
            && CommandLine(pid)?.Contains(fragment, StringComparison.Ordinal) == true);

    public static IEnumerable<int> ChildrenOf(int parent) =>
        AllProcessIds().Where(pid => ParentId(pid) == parent && IsAlive(pid));

    /// <summary>Waits until none of <paramref name="pids"/> is alive; false on timeout.</summary>
    public static async Task<bool> WaitForExitAsync(IEnumerable<int> pids, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var list = pids.ToList();
        while (list.Any(IsAlive))
        {
            if (DateTime.UtcNow >= deadline || ct.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        return true;
    }

    private static (char State, int ParentId)? ReadStat(int pid)
    {
        // Format: "pid (comm) state ppid ..."; comm may contain spaces and parentheses, so parse after the last ')'.
        var stat = TryRead($"/proc/{pid}/stat");
        var close = stat?.LastIndexOf(')') ?? -1;
        if (stat is null || close < 0 || close + 2 >= stat.Length)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out var ppid) ? (fields[0][0], ppid) : null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
