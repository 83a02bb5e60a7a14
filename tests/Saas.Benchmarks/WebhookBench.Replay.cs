using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Benchmarks;

/// <summary>The replay measurements of the webhook bench: a window of processed events replayed, alone and under user traffic.</summary>
internal static partial class WebhookBench
{
    private sealed record ReplayWindow(DateTimeOffset From, DateTimeOffset To);

    /// <param name="Complete">False when the time limit ended the measurement before the last event was replayed.</param>
    private sealed record ReplayResult(
        string Name, long Events, long Replayed, double Seconds, long Failed, bool Complete, WebhookLoadResult? Traffic,
        IReadOnlyDictionary<string, double> CpuSeconds)
    {
        public double PerSecond => Replayed / Seconds;
    }

    /// <summary>
    /// Replays the processed events in <paramref name="window"/> and waits until none is pending: the API marks each
    /// received again (the replay recorded on it) before it answers, and the replay lane processes it back to
    /// processed, publishing its integration event again. With <paramref name="traffic"/>, the traffic starts first
    /// and stops when the replay completes or after <paramref name="limit"/>, whichever comes first.
    /// </summary>
    private static async Task<ReplayResult> ReplayAsync(
        HttpClient http, string service, ReplayWindow window, string name, Func<WebhookLoadRun>? traffic, TimeSpan limit,
        IEnumerable<(string Name, int? Pid)> measured, CancellationToken ct)
    {
        var failedBefore = (await CountsAsync(http, service, ct)).Failed;
        var run = traffic?.Invoke();
        try
        {
            if (run is not null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct); // let the traffic reach its pace first
            }

            var clock = Stopwatch.StartNew();
            var cpu = ProcessCpu.Start(measured);
            var answer = await http.PostAsJsonAsync($"{service}/internal/webhooks/replays", new
            {
                from = window.From,
                to = window.To,
                status = "processed",
                reason = $"saas bench: replay throughput ({name})",
                requestedBy = "saas-bench",
            }, ct);
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"the replay request answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(ct)}");
            }

            var count = (await answer.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("count").GetInt64();
            if (count == 0)
            {
                throw new InvalidOperationException($"no processed event in {window.From:O} … {window.To:O} to replay ({name})");
            }

            // Only replays are pending now (nothing else is being delivered), so "received" is what is left of this one.
            var left = await WaitForNoneReceivedAsync(http, service, limit - clock.Elapsed, ct);
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = cpu.Elapsed();
            run?.Stop();
            if (left.Received > 0 && run is null)
            {
                throw new TimeoutException($"the replay of {count} events ({name}) still had {left.Received} pending after {seconds:F0} s");
            }

            return new ReplayResult(name, count, count - left.Received, seconds, left.Failed - failedBefore, left.Received == 0,
                run is null ? null : await run.Completion, cpuSeconds);
        }
        catch
        {
            run?.Stop();
            throw;
        }
    }

    private static void PrintReplay(ReplayResult alone, ReplayResult withTraffic, WebhookLoadResult userAlone)
    {
        Console.WriteLine();
        Console.WriteLine($"== Replay: POST /internal/webhooks/replays direct to the webhooks service (the gateway does not route /internal), the same");
        Console.WriteLine($"   {alone.Events:N0} processed events both times (a Stripe created range, status processed, a reason), timed from the request until");
        Console.WriteLine("   /internal/webhooks/counts shows none received: each one back to processed and its integration event published to");
        Console.WriteLine("   RabbitMQ (replay lane: 4 at a time by default, on lowest-priority threads). User traffic: wrk GET /api/billing/plans through the gateway, 32 connections, flat out");
        Console.WriteLine();
        Console.WriteLine($"{"replay",-52} {"events",9} {"seconds",8} {"events/s",9} {"failed",7} {"vs alone",9}");
        foreach (var r in new[] { alone, withTraffic })
        {
            var events = r.Complete ? $"{r.Replayed}" : $"{r.Replayed}/{r.Events}";
            Console.WriteLine($"{r.Name,-52} {events,9} {r.Seconds,8:F1} {r.PerSecond,9:F1} {r.Failed,7} {r.PerSecond / alone.PerSecond,9:F2}");
        }

        if (alone.CpuSeconds.Count > 0)
        {
            // A rate on a loaded machine measures the machine; CPU per event (from /proc) barely moves with it.
            Console.WriteLine($"(replay alone, CPU per replayed event from the request on: {string.Join(", ", alone.CpuSeconds.Select(p => $"{p.Key} {p.Value * 1000 / alone.Replayed:F2} ms"))}; " +
                              $"{alone.CpuSeconds.Values.Sum() / alone.Seconds:F2} of {Environment.ProcessorCount} cores busy with them; load average at the end of the run {LoadAverage()})");
        }

        if (!withTraffic.Complete)
        {
            Console.WriteLine($"(with traffic: stopped after {withTraffic.Seconds:F0} s, {withTraffic.Replayed} of {withTraffic.Events} replayed by then; the rest finished afterwards)");
        }

        if (withTraffic.Traffic is { } during)
        {
            Console.WriteLine();
            Console.WriteLine($"{"user traffic: GET /api/billing/plans via gateway",-52} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"req/s vs alone",15}");
            Console.WriteLine($"{"alone",-52} {userAlone.PerSecond,9:F0} {userAlone.P50Ms,8:F2} {userAlone.P99Ms,8:F2} {userAlone.Non2xx + userAlone.SocketErrors,7} {1.0,15:F2}");
            Console.WriteLine(
                $"{$"during the replay ({during.Seconds:F1} s)",-52} {during.PerSecond,9:F0} {during.P50Ms,8:F2} {during.P99Ms,8:F2} " +
                $"{during.Non2xx + during.SocketErrors,7} {during.PerSecond / userAlone.PerSecond,15:F2}");
        }
    }
}
