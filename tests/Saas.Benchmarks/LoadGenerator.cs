using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Saas.Benchmarks;

internal sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

/// <summary>wrk when it is installed (it costs the machine least), otherwise an in-process HttpClient loop.</summary>
internal abstract partial class LoadGenerator
{
    protected const int Connections = 32;

    public abstract string Description { get; }

    public abstract Task<LoadResult> RunAsync(string url, TimeSpan duration);

    public static LoadGenerator Create() => File.Exists("/usr/bin/wrk") ? new Wrk() : new InProcess();

    private sealed partial class Wrk : LoadGenerator
    {
        public override string Description => $"wrk, 2 threads, {Connections} connections";

        public override async Task<LoadResult> RunAsync(string url, TimeSpan duration)
        {
            var info = new ProcessStartInfo("/usr/bin/wrk", ["-t2", $"-c{Connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", url])
            {
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            var errors = Errors().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            return new LoadResult(
                double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
                Percentile(output, "50%"), Percentile(output, "99%"), errors);
        }

        private static double Percentile(string output, string label)
        {
            var match = Regex.Match(output, $@"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
        private static partial Regex Rate();

        [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)|Socket errors:.*?timeout (\d+)")]
        private static partial Regex Errors();
    }

    private sealed class InProcess : LoadGenerator
    {
        public override string Description => $"in-process HttpClient, {Connections} concurrent requests (wrk not installed)";

        public override async Task<LoadResult> RunAsync(string url, TimeSpan duration)
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections });
            var latencies = new List<double>[Connections];
            long errors = 0;
            var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, Connections).Select(async worker =>
            {
                var mine = latencies[worker] = [];
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var response = await http.GetAsync(url);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }));

            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new LoadResult(all.Length / duration.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)], errors);
        }
    }
}
