using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Saas.Benchmarks;

internal sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

/// <summary>What to send instead of a plain GET: a method, headers and a JSON body.</summary>
internal sealed record LoadRequest(string Method, IReadOnlyDictionary<string, string> Headers, string? Body = null)
{
    public static LoadRequest Get(IReadOnlyDictionary<string, string> headers) => new("GET", headers);

    public static LoadRequest PostJson(string body) => new("POST", new Dictionary<string, string> { ["Content-Type"] = "application/json" }, body);
}

/// <summary>wrk when it is installed (it costs the machine least), otherwise an in-process HttpClient loop.</summary>
internal abstract partial class LoadGenerator
{
    public const int DefaultConnections = 32;

    public abstract string Description { get; }

    public abstract Task<LoadResult> RunAsync(string url, TimeSpan duration, LoadRequest? request = null, int connections = DefaultConnections);

    /// <param name="scriptDirectory">Where wrk's Lua scripts (for POST bodies and headers) are written.</param>
    public static LoadGenerator Create(string scriptDirectory) => File.Exists("/usr/bin/wrk") ? new Wrk(scriptDirectory) : new InProcess();

    private sealed partial class Wrk(string scriptDirectory) : LoadGenerator
    {
        private int _scripts;

        public override string Description => $"wrk, 2 threads, {DefaultConnections} connections unless noted, 10 s timeout";

        public override async Task<LoadResult> RunAsync(string url, TimeSpan duration, LoadRequest? request = null, int connections = DefaultConnections)
        {
            List<string> arguments = [$"-t{Math.Min(2, connections)}", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", "--latency"];
            if (request is not null)
            {
                arguments.AddRange(["-s", WriteScript(request)]);
            }

            var info = new ProcessStartInfo("/usr/bin/wrk", [.. arguments, url]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var errorOutput = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0 || (await errorOutput).Length > 0)
            {
                throw new InvalidOperationException($"wrk failed ({process.ExitCode}) on {url}: {await errorOutput}{output}");
            }

            var errors = Errors().Matches(output).Sum(m => m.Groups.Values.Skip(1).Where(g => g.Success).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)));
            return new LoadResult(
                double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
                Percentile(output, "50%"), Percentile(output, "99%"), errors);
        }

        /// <summary>A Lua script setting wrk's method, headers and body (long brackets: no escaping needed).</summary>
        private string WriteScript(LoadRequest request)
        {
            static string Lua(string value) => $"[==[{value}]==]";
            var script = new StringBuilder().AppendLine($"wrk.method = {Lua(request.Method)}");
            foreach (var (name, value) in request.Headers)
            {
                // The spaces matter: "[[" would open a Lua long string.
                script.AppendLine($"wrk.headers[ {Lua(name)} ] = {Lua(value)}");
            }

            if (request.Body is not null)
            {
                script.AppendLine($"wrk.body = {Lua(request.Body)}");
            }

            var path = Path.Combine(scriptDirectory, $"wrk-{Interlocked.Increment(ref _scripts)}.lua");
            File.WriteAllText(path, script.ToString());
            return path;
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
        public override string Description => $"in-process HttpClient, {DefaultConnections} concurrent requests unless noted (wrk not installed)";

        public override async Task<LoadResult> RunAsync(string url, TimeSpan duration, LoadRequest? request = null, int connections = DefaultConnections)
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections });
            var latencies = new List<double>[connections];
            long errors = 0;
            var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
            {
                var mine = latencies[worker] = [];
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var message = new HttpRequestMessage(new HttpMethod(request?.Method ?? "GET"), url);
                    if (request?.Body is { } body)
                    {
                        message.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    }

                    foreach (var (name, value) in request?.Headers ?? new Dictionary<string, string>())
                    {
                        if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                        {
                            message.Headers.TryAddWithoutValidation(name, value);
                        }
                    }

                    using var response = await http.SendAsync(message);
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
