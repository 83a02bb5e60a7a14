using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Saas.Benchmarks;

/// <summary>
/// The webhook rows of issue 14's table that the capacity runs do not give: intake at a fixed 200 events/s (an
/// open-loop in-process generator: each event is sent at its scheduled time whether or not the ones before it were
/// answered, and its latency counts from that time, so a stall is not hidden by sending less), one connection sending
/// one event after another, and the live lane's processing rate while it drains a backlog with no intake running.
/// </summary>
internal static partial class WebhookBench
{
    private const double FixedRate = 200;

    private sealed record FixedRateResult(double Offered, double Answered, double P50Ms, double P99Ms, double MaxMs, long Non2xx, long Errors, long Events);

    /// <param name="Drained">False when the time limit ended the wait with events still pending.</param>
    /// <param name="CpuSeconds">CPU each measured process used during the drain.</param>
    private sealed record DrainResult(long Backlog, long Processed, double Seconds, bool Drained, IReadOnlyDictionary<string, double> CpuSeconds)
    {
        public double PerSecond => Processed / Seconds;
    }

    /// <summary>Posts events <paramref name="first"/>… to <paramref name="url"/> at <see cref="FixedRate"/> for <paramref name="duration"/>, signed as they go.</summary>
    private static async Task<FixedRateResult> FixedRateAsync(string url, SignedStripeEvents events, long first, TimeSpan duration, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        var count = (int)(FixedRate * duration.TotalSeconds);
        var latencies = new double[count];
        long non2xx = 0, errors = 0;
        var sends = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / FixedRate);
            while (clock.Elapsed < due)
            {
                var wait = due - clock.Elapsed;
                await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), ct);
            }

            var index = i;
            sends.Add(Task.Run(async () =>
            {
                var payload = events.Payload(first + index);
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                request.Headers.TryAddWithoutValidation("Stripe-Signature", events.Signature(payload, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
                try
                {
                    using var answer = await http.SendAsync(request, ct);
                    await answer.Content.ReadAsByteArrayAsync(ct);
                    if (!answer.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref non2xx);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                // From the scheduled time, not the send: a late send is the server's delay too.
                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            }, ct));
        }

        var offeredSeconds = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(sends);
        Array.Sort(latencies);
        return new FixedRateResult(count / offeredSeconds, count / clock.Elapsed.TotalSeconds,
            latencies[count / 2], latencies[Math.Min(count - 1, (int)(count * 0.99))], latencies[^1], non2xx, errors, count);
    }

    /// <summary>
    /// How fast the live lane empties what intake left behind (store → RabbitMQ → consumer → publish → record), with
    /// nothing else arriving: the processed count's rise from now until none is received or <paramref name="limit"/>.
    /// </summary>
    /// <remarks>
    /// With <c>SAAS_BENCH_TRACE_DRAIN=FILE.nettrace</c> the webhooks process is also traced (dotnet-trace, sampled
    /// thread time, its first 10 s) while it drains: where the live lane's CPU goes.
    /// </remarks>
    private static async Task<DrainResult> DrainAsync(
        HttpClient http, string service, IEnumerable<(string Name, int? Pid)> measured, TimeSpan limit, CancellationToken ct)
    {
        var start = await CountsAsync(http, service, ct);
        var cpu = ProcessCpu.Start(measured);
        using var trace = StartTrace("SAAS_BENCH_TRACE_DRAIN", measured.FirstOrDefault(p => p.Name == "webhooks").Pid);
        var clock = Stopwatch.StartNew();
        var end = await WaitForNoneReceivedAsync(http, service, limit, ct);
        return new DrainResult(start.Received, end.Processed - start.Processed, clock.Elapsed.TotalSeconds, end.Received == 0, cpu.Elapsed());
    }

    /// <summary>Traces <paramref name="pid"/> for 10 s into the file the environment variable <paramref name="variable"/> names, if set.</summary>
    private static Process? StartTrace(string variable, int? pid)
    {
        var output = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(output) || pid is null)
        {
            return null;
        }

        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        return Process.Start(new ProcessStartInfo(tool,
            ["collect", "-p", pid.Value.ToString(), "--profile", "dotnet-sampled-thread-time", "--duration", "00:00:00:10", "-o", output])
        {
            RedirectStandardOutput = true,
        });
    }

    private static void PrintPipelineRows(FixedRateResult fixedRate, WebhookLoadResult sequential, DrainResult drain)
    {
        Console.WriteLine();
        Console.WriteLine("== Webhook pipeline rows (issue 14): intake through the gateway to the webhooks service, as above");
        Console.WriteLine($"{"what",-60} {"events/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7}");
        Console.WriteLine(
            $"{$"fixed {FixedRate:F0} events/s, open loop, in-process ({fixedRate.Events:N0} events)",-60} {fixedRate.Offered,9:F0} {fixedRate.P50Ms,8:F2} {fixedRate.P99Ms,8:F2} " +
            $"{fixedRate.Non2xx + fixedRate.Errors,7}");
        Console.WriteLine(
            $"{"one connection, one event after another (wrk -c1)",-60} {sequential.PerSecond,9:F0} {sequential.P50Ms,8:F2} {sequential.P99Ms,8:F2} " +
            $"{sequential.Non2xx + sequential.SocketErrors,7}");
        Console.WriteLine(
            $"{$"processing: live lane drains a {drain.Backlog:N0}-event backlog, no intake",-60} {drain.PerSecond,9:F0} {"-",8} {"-",8} {"-",7}");
        Console.WriteLine($"(fixed rate: latency from each event's scheduled send time, max {fixedRate.MaxMs:F1} ms; its events are processed meanwhile.");
        Console.WriteLine(drain.Drained
            ? $" processing: {drain.Processed:N0} events in {drain.Seconds:F1} s, each customer's events in order, published to RabbitMQ with confirms)"
            : $" processing: stopped after {drain.Seconds:F0} s with {drain.Backlog - drain.Processed:N0} still pending)");
        if (drain.Processed > 0 && drain.CpuSeconds.Count > 0)
        {
            var perEvent = drain.CpuSeconds.Select(p => $"{p.Key} {p.Value * 1000 / drain.Processed:F2} ms");
            Console.WriteLine($"(processing CPU per event: {string.Join(", ", perEvent)}; " +
                              $"{drain.CpuSeconds.Values.Sum() / drain.Seconds:F2} of {Environment.ProcessorCount} cores busy with them; load average at the end of the run {LoadAverage()})");
        }
    }
}
