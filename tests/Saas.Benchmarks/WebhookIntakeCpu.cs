namespace Saas.Benchmarks;

/// <summary>
/// CPU per stored event of an intake run (webhooks + the gateway in front of it, from <c>/proc</c>), printed beside the
/// rate with the load average: on a machine others load, a rate measures the machine, CPU per event the code.
/// The webhooks figure includes the processing that runs beside intake (the live lane works while events arrive).
/// </summary>
internal static partial class WebhookBench
{
    private sealed record IntakeCpu(string Name, WebhookLoadResult Load, long Stored, IReadOnlyDictionary<string, double> CpuSeconds, string LoadAverage);

    /// <summary>Runs <paramref name="run"/> while counting CPU of <paramref name="measured"/> and the events stored.</summary>
    private static async Task<IntakeCpu> MeasureCpuAsync(
        string name, HttpClient http, string? service, IEnumerable<(string Name, int? Pid)> measured, Func<Task<WebhookLoadResult>> run, CancellationToken ct)
    {
        var before = service is null ? null : await CountsAsync(http, service, ct);
        var cpu = ProcessCpu.Start(measured);
        var load = await run();
        var seconds = cpu.Elapsed();
        var after = service is null ? null : await CountsAsync(http, service, ct);
        // Verify-only stores nothing: its unit is the answered request.
        var units = before is null || after is null ? load.Requests - load.Non2xx : after.Total - before.Total;
        return new IntakeCpu(name, load, units, seconds, LoadAverage());
    }

    private static void PrintIntakeCpu(IEnumerable<IntakeCpu> runs)
    {
        Console.WriteLine();
        Console.WriteLine($"{"CPU per event (ms, /proc user+sys)",-52} {"events",9} {"events/s",9} {"webhooks",9} {"gateway",9} {"sum",9} {"load avg",9}");
        foreach (var r in runs)
        {
            var webhooks = r.CpuSeconds.GetValueOrDefault("webhooks") * 1000 / Math.Max(1, r.Stored);
            var gateway = r.CpuSeconds.GetValueOrDefault("gateway") * 1000 / Math.Max(1, r.Stored);
            Console.WriteLine(
                $"{r.Name,-52} {r.Stored,9} {r.Load.PerSecond,9:F0} {(r.CpuSeconds.ContainsKey("webhooks") ? $"{webhooks:F3}" : "-"),9} " +
                $"{gateway,9:F3} {webhooks + gateway,9:F3} {r.LoadAverage,9}");
        }

        Console.WriteLine("(intake rows: per stored event, the webhooks figure including the processing that ran beside the run;");
        Console.WriteLine(" verify-only through gateway: per answered request, its own gateway. Load average: 1 min, at the end of each run)");
    }
}
