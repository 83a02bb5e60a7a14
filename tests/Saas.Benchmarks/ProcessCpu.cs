using System.Diagnostics;
using System.Globalization;

namespace Saas.Benchmarks;

/// <summary>
/// CPU time a set of processes used over an interval, read from <c>/proc/PID/stat</c> (user + system). Unlike a rate,
/// CPU per unit of work barely moves with what else the machine runs, so it says where an interval's work went even
/// on a loaded machine.
/// </summary>
internal sealed class ProcessCpu
{
    private static readonly double TicksPerSecond = ReadClockTicks();
    private readonly Dictionary<string, int> pids;
    private readonly Dictionary<string, double> startSeconds;

    private ProcessCpu(Dictionary<string, int> pids)
    {
        this.pids = pids;
        startSeconds = pids.ToDictionary(p => p.Key, p => Seconds(p.Value));
    }

    /// <summary>Starts counting for the named processes; a missing pid is left out.</summary>
    public static ProcessCpu Start(IEnumerable<(string Name, int? Pid)> processes) =>
        new(processes.Where(p => p.Pid is not null).ToDictionary(p => p.Name, p => p.Pid!.Value));

    /// <summary>Seconds of CPU each process used since <see cref="Start"/>.</summary>
    public IReadOnlyDictionary<string, double> Elapsed() =>
        pids.ToDictionary(p => p.Key, p => Seconds(p.Value) - startSeconds[p.Key]);

    private static double Seconds(int pid)
    {
        try
        {
            // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static double ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            return double.Parse(getconf.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FormatException)
        {
            return 100;
        }
    }
}
