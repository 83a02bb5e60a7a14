using System.Text.RegularExpressions;
using Saas.AppHost.Processes;

namespace Saas.Testing;

/// <summary>
/// What an AppHost could leave behind after it exits: the processes its status API reported, its broker's Erlang VM
/// (whose command line names the data folder) and the epmd started for that VM (whose HOME is in the data folder).
/// </summary>
public static partial class AppHostLeftovers
{
    /// <summary>One line per process still alive, e.g. <c>1234 beam.smp …</c>; empty when nothing is left.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<int> reportedPids, string dataDirectory) =>
        Pids(reportedPids, dataDirectory).Select(pid => $"{pid} {ProcessTable.CommandLine(pid)}").ToList();

    public static void Kill(IEnumerable<int> reportedPids, string dataDirectory)
    {
        foreach (var pid in Pids(reportedPids, dataDirectory))
        {
            UnixSignals.Send(pid, UnixSignals.SigKill);
        }
    }

    /// <summary>The epmd port a node's VM was told to use (<c>-epmd_port N</c> on its command line).</summary>
    public static int? EpmdPortOf(int beamPid) =>
        ProcessTable.CommandLine(beamPid) is { } commandLine && EpmdPortArgument().Match(commandLine) is { Success: true } match
            ? int.Parse(match.Groups[1].Value)
            : null;

    private static IEnumerable<int> Pids(IEnumerable<int> reportedPids, string dataDirectory)
    {
        var data = Path.GetFullPath(dataDirectory);
        var reported = reportedPids.Where(ProcessTable.IsAlive);
        var brokers = ProcessTable.FindByCommandLine("beam.smp", data);
        var epmds = ProcessTable.AllProcessIds().Where(pid => ProcessTable.Name(pid) == "epmd" && ProcessTable.IsAlive(pid)
            && ProcessTable.Environment(pid).TryGetValue("HOME", out var home) && home.StartsWith(data, StringComparison.Ordinal));
        return reported.Concat(brokers).Concat(epmds).Distinct().ToList();
    }

    [GeneratedRegex(@"-epmd_port (\d+)")]
    private static partial Regex EpmdPortArgument();
}
