using System.Diagnostics;

namespace Saas.Benchmarks;

internal sealed record FixedRateResult(double Rate, double P50Ms, double P99Ms, long Errors, long Sent);

/// <summary>
/// An open-loop load at a fixed rate (wrk has none): request i is due at start + i/rate and its latency counts from
/// then, not from when it was sent, so a stall shows as latency instead of silently lowering the rate (no
/// coordinated omission). A millisecond timer tick sends whatever is due, so the generator idles between ticks
/// instead of spinning a core of this 2-core machine.
/// </summary>
internal static class FixedRateLoad
{
    public static async Task<FixedRateResult> RunAsync(string url, int rate, TimeSpan duration, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        var total = (long)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        long errors = 0;
        var inFlight = new List<Task>((int)total);
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        while (sent < total)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                var index = sent;
                var scheduled = start + (long)(index * (double)Stopwatch.Frequency / rate);
                inFlight.Add(SendAsync(index, scheduled));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(inFlight);
        Array.Sort(latencies);
        return new FixedRateResult(rate, latencies[total / 2], latencies[(int)(total * 0.99)], errors, total);

        async Task SendAsync(long index, long scheduled)
        {
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, url);
                foreach (var (name, value) in headers ?? new Dictionary<string, string>())
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await http.SendAsync(message);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref errors);
            }

            latencies[index] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
        }
    }
}
