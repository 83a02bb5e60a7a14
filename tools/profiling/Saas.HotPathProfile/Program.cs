using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Saas.HotPathProfile;

// dotnet run -- TRACE.nettrace [requests] [cpu-ms]
// Attributes every busy stack sample (EventPipe's sample profiler, ~1 kHz per thread) and every allocation tick
// (about one per 100 KB allocated) to the innermost frame that belongs to a known part of the hot path. With the
// number of requests served and the process's CPU time over the capture, it prints µs of CPU and bytes per request.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Saas.HotPathProfile TRACE.nettrace [requests] [cpu-ms]");
    return 2;
}

var requests = args.Length > 1 ? double.Parse(args[1]) : 0;
var cpuMs = args.Length > 2 ? double.Parse(args[2]) : 0;
var etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
using var log = new TraceLog(etlx);

var cpu = new Tally();
var allocations = new Tally();
var names = new Dictionary<string, int>();
var leaves = new Tally();
// PROFILE_INCLUSIVE=Saas.,MassTransit: each busy sample counted once for every distinct method in its stack whose
// name starts with one of the prefixes — inclusive CPU shares, for paths (a consumer, a store call) no category names.
var inclusivePrefixes = Environment.GetEnvironmentVariable("PROFILE_INCLUSIVE")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
var inclusive = new Tally();
var inclusiveSamples = 0;
foreach (var e in log.Events)
{
    names[e.ProviderName + "/" + e.EventName] = names.GetValueOrDefault(e.ProviderName + "/" + e.EventName) + 1;
    if (e.ProviderName == "Microsoft-DotNETCore-SampleProfiler" && e.EventName.Contains("Sample", StringComparison.Ordinal))
    {
        var frames = Frames(e.CallStack());
        if (Environment.GetEnvironmentVariable("PROFILE_LEAVES") == "1")
        {
            leaves.Add((Categories.IsWaiting(frames) ? "WAIT " : "BUSY ") + string.Join(" < ", frames.Where(f => f.Length > 0).Take(3)), 1);
        }

        if (!Categories.IsWaiting(frames))
        {
            cpu.Add(Categories.Of(frames), 1);
            if (inclusivePrefixes.Length > 0 && !Categories.IsSpinning(frames))
            {
                inclusiveSamples++;
                foreach (var method in frames.Where(f => inclusivePrefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal))).Distinct())
                {
                    inclusive.Add(method, 1);
                }
            }
        }
    }
    else if (e is GCAllocationTickTraceData tick)
    {
        allocations.Add(Categories.Of(Frames(e.CallStack())) + $" [{Short(tick.TypeName)}]", tick.AllocationAmount64);
    }
}

if (Environment.GetEnvironmentVariable("PROFILE_EVENTS") == "1")
{
    foreach (var (n, c) in names)
    {
        Console.WriteLine($"{n} {c}");
    }
}
foreach (var (n, c) in leaves.Sorted().Take(40))
{
    Console.WriteLine($"{c,7} {n}");
}
Console.WriteLine($"busy samples: {cpu.Total:N0}; process CPU {cpuMs:N0} ms; requests {requests:N0}");
if (inclusiveSamples > 0)
{
    Console.WriteLine($"inclusive share of {inclusiveSamples:N0} busy, non-spinning samples:");
    foreach (var (name, count) in inclusive.Sorted().Take(60))
    {
        Console.WriteLine($"{count / inclusiveSamples * 100,6:F1}%  {(name.Length > 150 ? name[..150] : name)}");
    }
}
// Idle workers spin before they sleep: on a loaded 2-core machine their share says more about the load than about
// the request, so the "% of work" column leaves them out.
var spinning = cpu.Sorted().Where(p => p.Name == Categories.Spinning).Sum(p => p.Sum);
Console.WriteLine($"{"part of the hot path",-48} {"CPU %",7} {"% work",7} {"µs/req",8}");
foreach (var (name, count) in cpu.Sorted())
{
    var share = count / cpu.Total;
    var work = name == Categories.Spinning ? "-" : (count / (cpu.Total - spinning) * 100).ToString("F1");
    Console.WriteLine($"{name,-48} {share * 100,7:F1} {work,7} {(requests > 0 ? share * cpuMs * 1000 / requests : 0),8:F1}");
}

Console.WriteLine();
Console.WriteLine($"allocations sampled: {allocations.Total / 1e6:N1} MB ({(requests > 0 ? allocations.Total / requests : 0):N0} B/req)");
Console.WriteLine($"{"where [type]",-90} {"%",6} {"B/req",8}");
foreach (var (name, bytes) in allocations.Sorted().Take(40))
{
    Console.WriteLine($"{name,-90} {bytes / allocations.Total * 100,6:F1} {(requests > 0 ? bytes / requests : 0),8:F0}");
}

return 0;

static List<string> Frames(TraceCallStack? stack)
{
    var frames = new List<string>();
    for (; stack is not null; stack = stack.Caller)
    {
        frames.Add(stack.CodeAddress.FullMethodName ?? "");
    }

    return frames; // leaf first
}

static string Short(string? type) => type is null ? "?" : type.Length > 40 ? type[^40..] : type;
