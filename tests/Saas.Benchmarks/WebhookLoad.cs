using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Saas.Testing.Broker;

namespace Saas.Benchmarks;

/// <summary>One load run: events (or requests) per second, latency percentiles and what went wrong.</summary>
/// <param name="Repeated">Requests that reused an event id because the pre-signed pool ran out (0 when unique).</param>
internal sealed record WebhookLoadResult(
    double PerSecond, double P50Ms, double P99Ms, long Requests, double Seconds, long Non2xx, long SocketErrors, long Repeated);

/// <summary>A load run in progress: ends after its duration, or earlier on <see cref="Stop"/>.</summary>
internal abstract class WebhookLoadRun
{
    public abstract Task<WebhookLoadResult> Completion { get; }

    /// <summary>Ends the run now; <see cref="Completion"/> then reports the time it actually ran.</summary>
    public abstract void Stop();
}

/// <summary>
/// wrk when installed (the least costly client on a shared machine), else an in-process HttpClient loop. POSTs of
/// Stripe events come from a <see cref="SignedEventPool"/>: wrk's Lua has no HMAC, so a script reads the pre-signed
/// lines in order, one request each.
/// </summary>
internal abstract partial class WebhookLoad
{
    public const int Connections = 32;
    public const int Threads = 2;
    private const string WrkPath = "/usr/bin/wrk";

    public abstract string Description { get; }

    public static WebhookLoad Create(string workDirectory) => File.Exists(WrkPath) ? new Wrk(workDirectory) : new InProcess();

    /// <summary>Starts load on <paramref name="url"/>: a GET, or a POST per event of <paramref name="events"/> when given.</summary>
    public abstract WebhookLoadRun Start(
        string url, TimeSpan duration, SignedEventPool? events = null, int connections = Connections, CancellationToken ct = default);

    public async Task<WebhookLoadResult> RunAsync(
        string url, TimeSpan duration, SignedEventPool? events = null, int connections = Connections, CancellationToken ct = default) =>
        await Start(url, duration, events, connections, ct).Completion;

    private sealed partial class Wrk(string workDirectory) : WebhookLoad
    {
        // One file per wrk thread, read a line per request (nothing pre-loaded: a long pool costs no start-up time).
        // At the end of the file it starts again and counts the requests that reused an event id.
        private const string Script = """
            local threads = {}
            local count = 0

            function setup(thread)
              thread:set("part", count)
              count = count + 1
              table.insert(threads, thread)
            end

            function init(args)
              file = assert(io.open(args[1] .. "." .. part, "rb"))
              repeated = 0
              wrapped = false
            end

            function request()
              local line = file:read("*l")
              if not line then
                file:seek("set", 0)
                wrapped = true
                line = file:read("*l")
              end
              if wrapped then repeated = repeated + 1 end
              local tab = line:find("\t", 1, true)
              return wrk.format("POST", nil,
                { ["Content-Type"] = "application/json", ["Stripe-Signature"] = line:sub(1, tab - 1) },
                line:sub(tab + 1))
            end

            function done(summary, latency, requests)
              local total = 0
              for _, thread in ipairs(threads) do total = total + thread:get("repeated") end
              io.write(string.format("repeated event ids: %d\n", total))
            end
            """;

        public override string Description => $"wrk, {Threads} threads, {Connections} connections unless noted, 30 s timeout";

        public override WebhookLoadRun Start(
            string url, TimeSpan duration, SignedEventPool? events = null, int connections = Connections, CancellationToken ct = default)
        {
            List<string> arguments = [$"-t{Threads}", $"-c{Math.Max(Threads, connections)}", $"-d{Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds))}s", "--timeout", "30s", "--latency"];
            if (events is not null)
            {
                if (events.Parts != Threads)
                {
                    throw new ArgumentException($"the pool must be split in {Threads} parts, one per wrk thread", nameof(events));
                }

                var script = Path.Combine(workDirectory, "wrk-signed-events.lua");
                File.WriteAllText(script, Script);
                arguments.AddRange(["-s", script, url, "--", events.Prefix]);
            }
            else
            {
                arguments.Add(url);
            }

            var process = Process.Start(new ProcessStartInfo(WrkPath, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException("could not start wrk");
            return new Run(process, ct);
        }

        private sealed class Run : WebhookLoadRun
        {
            private readonly Process _process;

            public Run(Process process, CancellationToken ct)
            {
                _process = process;
                Completion = CompleteAsync(ct);
            }

            public override Task<WebhookLoadResult> Completion { get; }

            // wrk stops on SIGINT and still prints its report, timed to the moment it stopped.
            public override void Stop() => UnixSignals.Send(_process.Id, 2);

            private async Task<WebhookLoadResult> CompleteAsync(CancellationToken ct)
            {
                using var process = _process;
                using var cancel = ct.Register(() => UnixSignals.Send(process.Id, UnixSignals.SigKill));
                var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
                var output = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                await process.WaitForExitAsync(CancellationToken.None);
                ct.ThrowIfCancellationRequested();
                return Parse(output, await errors);
            }
        }

        private static WebhookLoadResult Parse(string output, string errors)
        {
            var summary = Summary().Match(output);
            var rate = Rate().Match(output);
            if (!summary.Success || !rate.Success)
            {
                throw new InvalidOperationException($"wrk gave no result:{Environment.NewLine}{output}{errors}");
            }

            var seconds = Duration(summary.Groups[2].Value, summary.Groups[3].Value) / 1000;
            var socket = SocketErrors().Match(output);
            return new WebhookLoadResult(
                double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
                Percentile(output, "50"), Percentile(output, "99"),
                long.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture),
                seconds,
                Non2xx().Match(output) is { Success: true } non2xx ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
                socket.Success ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0,
                Repeated().Match(output) is { Success: true } repeated ? long.Parse(repeated.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        }

        private static double Percentile(string output, string label)
        {
            var match = Regex.Match(output, $@"^\s*{label}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
            return match.Success ? Duration(match.Groups[1].Value, match.Groups[2].Value) : double.NaN;
        }

        /// <summary>A wrk duration in milliseconds.</summary>
        private static double Duration(string value, string unit)
        {
            var number = double.Parse(value, CultureInfo.InvariantCulture);
            return unit switch { "us" => number / 1000, "s" => number * 1000, "m" => number * 60_000, _ => number };
        }

        [GeneratedRegex(@"(\d+) requests in ([\d.]+)(us|ms|s|m),")]
        private static partial Regex Summary();

        [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
        private static partial Regex Rate();

        [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
        private static partial Regex Non2xx();

        [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
        private static partial Regex SocketErrors();

        [GeneratedRegex(@"repeated event ids: (\d+)")]
        private static partial Regex Repeated();
    }

    private sealed class InProcess : WebhookLoad
    {
        public override string Description => $"in-process HttpClient, {Connections} concurrent requests unless noted (wrk not installed)";

        public override WebhookLoadRun Start(
            string url, TimeSpan duration, SignedEventPool? events = null, int connections = Connections, CancellationToken ct = default) =>
            new Run(url, duration, events?.ReadAll().ToArray(), connections, ct);

        private sealed class Run : WebhookLoadRun
        {
            private readonly CancellationTokenSource _stop;

            public Run(string url, TimeSpan duration, (string Signature, string Payload)[]? events, int connections, CancellationToken ct)
            {
                _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                _stop.CancelAfter(duration);
                Completion = RunAsync(url, events, connections, ct);
            }

            public override Task<WebhookLoadResult> Completion { get; }

            public override void Stop() => _stop.Cancel();

            private async Task<WebhookLoadResult> RunAsync(string url, (string Signature, string Payload)[]? events, int connections, CancellationToken ct)
            {
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections });
                var latencies = new List<double>[connections];
                long next = -1, non2xx = 0, socketErrors = 0;
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
                {
                    var mine = latencies[worker] = [];
                    while (!_stop.IsCancellationRequested)
                    {
                        using var message = new HttpRequestMessage(events is null ? HttpMethod.Get : HttpMethod.Post, url);
                        if (events is not null)
                        {
                            var (signature, payload) = events[Interlocked.Increment(ref next) % events.Length];
                            message.Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
                            message.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
                        }

                        var start = Stopwatch.GetTimestamp();
                        try
                        {
                            using var response = await http.SendAsync(message, CancellationToken.None);
                            await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                            if (!response.IsSuccessStatusCode)
                            {
                                Interlocked.Increment(ref non2xx);
                            }
                        }
                        catch (HttpRequestException)
                        {
                            Interlocked.Increment(ref socketErrors);
                        }

                        mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }));
                ct.ThrowIfCancellationRequested();
                var seconds = clock.Elapsed.TotalSeconds;
                var all = latencies.SelectMany(l => l).Order().ToArray();
                var repeated = events is null ? 0 : Math.Max(0, next + 1 - events.Length);
                return all.Length == 0
                    ? new WebhookLoadResult(0, double.NaN, double.NaN, 0, seconds, non2xx, socketErrors, repeated)
                    : new WebhookLoadResult(all.Length / seconds, all[all.Length / 2], all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))],
                        all.Length, seconds, non2xx, socketErrors, repeated);
            }
        }
    }
}
