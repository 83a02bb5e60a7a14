using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saas.Testing;

namespace Saas.Benchmarks;

/// <summary>
/// Stripe webhooks, side by side in one run:
/// 1. events acknowledged per second (and p50/p99 of the 200) through the gateway to the real webhooks service (a
///    private RabbitMQ node, the SQLite store in a temp folder: verify, store, hand on), next to an endpoint that only verifies
///    the signature, direct and through a gateway. Every intake request carries a new event id and a valid signature.
/// 2. replayed events per second (<c>POST /internal/webhooks/replays</c>, direct to the service), alone and while user
///    traffic (<c>GET /api/billing/plans</c> through the gateway) runs, and that traffic alone and during the replay.
/// Starts everything it needs, prints its own tables and stops it all again.
/// </summary>
internal static partial class WebhookBench
{
    // The gateway allows 300 webhook calls a minute per client IP; the bench lifts that to measure capacity.
    private const int WebhookPermitLimit = 100_000_000;
    private const int SignatureToleranceSeconds = 300;
    // The verify-only endpoint stores nothing, so repeating a signed event costs it the same as a new one.
    private const int VerifyOnlyPoolSize = 4_000;
    // A lighter intake run beside the capacity one; its events are the ones replayed.
    private const int FewConnections = 4;
    // Far above any pool index, so the probe events fall outside the replayed range.
    private const long ProbeIndex = 1_000_000_000;
    // Intake events sent before any intake row is measured (tiered JIT and dynamic PGO of intake, store and live lane).
    private const int IntakeWarmUpEvents = 2_000;
    private const string Secret = "whsec_saas_bench_9f2c41d7e85a4b6c";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs the webhook measurements, <paramref name="seconds"/> per load measurement (about 10 × that in all with
    /// start-up, warm-ups and waiting for processing; 8 s gives about 85 s on two cores).
    /// </summary>
    public static async Task RunAsync(int seconds, CancellationToken ct = default)
    {
        var duration = TimeSpan.FromSeconds(Math.Max(2, seconds));
        var shortWarmUp = TimeSpan.FromSeconds(1);
        var warmUp = TimeSpan.FromSeconds(2);
        var work = Directory.CreateTempSubdirectory("saas-bench-webhooks-");
        var rabbit = new RabbitMqFixture();
        var processes = new BenchProcesses(work.FullName);
        VerifyOnlyWebhookEndpoint? verifyOnly = null;
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Add(InternalApiKey.HeaderName, InternalApiKey.Value); // for /internal/webhooks
        var total = Stopwatch.StartNew();
        try
        {
            var ports = FreePort.Next(5);
            var (webhooksPort, billingPort, gatewayPort, verifyGatewayPort, verifyPort) = (ports[0], ports[1], ports[2], ports[3], ports[4]);
            var gatewayDll = RepoPaths.ProjectDll("gateway");

            // Everything but the webhooks service starts while the broker does; the gateways only need addresses.
            var broker = rabbit.InitializeAsync();
            // Billing only serves its plan list here (the user traffic); it never calls Stripe, but wants a key to start.
            var billing = processes.StartDotnetAsync("billing", RepoPaths.ProjectDll("billing"), billingPort, new()
            {
                ["Storage__DataDirectory"] = Path.Combine(work.FullName, "billing"),
                ["Stripe__SecretKey"] = "sk_test_saas_bench_unused",
                ["Stripe__ApiBase"] = "http://127.0.0.1:9",
            });
            var gateway = processes.StartDotnetAsync("gateway", gatewayDll, gatewayPort, GatewayEnvironment(webhooksPort, billingPort), "/alive");
            var verifyGateway = processes.StartDotnetAsync("verify-gateway", gatewayDll, verifyGatewayPort, GatewayEnvironment(verifyPort, billingPort), "/alive");
            verifyOnly = await VerifyOnlyWebhookEndpoint.StartAsync(verifyPort, Secret, SignatureToleranceSeconds);
            await broker;
            var webhooks = processes.StartDotnetAsync("webhooks", RepoPaths.ProjectDll("webhooks"), webhooksPort, new()
            {
                ["Storage__DataDirectory"] = Path.Combine(work.FullName, "webhooks"),
                ["ConnectionStrings__messaging"] = rabbit.ConnectionString,
                ["Stripe__WebhookSecret"] = Secret,
            });
            await Task.WhenAll(billing, gateway, verifyGateway, webhooks);

            var service = $"http://127.0.0.1:{webhooksPort}";
            var intakeUrl = $"http://127.0.0.1:{gatewayPort}{VerifyOnlyWebhookEndpoint.Path}";
            var verifyViaGateway = $"http://127.0.0.1:{verifyGatewayPort}{VerifyOnlyWebhookEndpoint.Path}";
            var userUrl = $"http://127.0.0.1:{gatewayPort}/api/billing/plans";
            var events = new SignedStripeEvents(Secret);

            // One event each way before measuring: a setup mistake fails here, not as a column of errors.
            await ProbeAsync(http, events, ProbeIndex, $"{service}{VerifyOnlyWebhookEndpoint.Path}", ct);
            await ProbeAsync(http, events, ProbeIndex + 1, intakeUrl, ct);
            await ProbeAsync(http, events, ProbeIndex + 2, verifyOnly.Url, ct);
            await ProbeAsync(http, events, ProbeIndex + 3, verifyViaGateway, ct);

            var load = WebhookLoad.Create(work.FullName);
            var pools = Path.Combine(work.FullName, "events");
            Console.WriteLine();
            Console.WriteLine($"== Stripe webhooks: POST {VerifyOnlyWebhookEndpoint.Path}, customer.subscription.updated events of {Encoding.UTF8.GetByteCount(events.Payload(0)):N0} bytes, signed as Stripe does");
            Console.WriteLine($"   {load.Description}; {duration.TotalSeconds:0} s per measurement after a warm-up. wrk's Lua has no HMAC: it posts events");
            Console.WriteLine("   signed beforehand from a file, a new event id (and customer) on every intake request");
            Console.WriteLine($"   the bench's gateways run with RateLimiting__Webhooks__PermitLimit={WebhookPermitLimit} (production counts only refused deliveries, 60 a minute per client IP),");
            Console.WriteLine($"   so this measures capacity. Webhooks service: {(rabbit.Node is null ? $"the RabbitMQ in {RabbitMqFixture.EnvironmentVariable}" : "private RabbitMQ node")}, the SQLite store in a temp folder (as ./saas up runs it);");
            Console.WriteLine("   verify-only: in-process Kestrel, reads the body and checks the HMAC as Stripe.net does, stores nothing");

            // Both gateways and billing together first: with tiered JIT and dynamic PGO a cold YARP path needs several
            // seconds of load to reach its pace on two shared cores, more than a per-measurement warm-up gives it.
            var verifyPool = events.Write(pools + "-verify", 0, VerifyOnlyPoolSize, WebhookLoad.Threads);
            await Task.WhenAll(
                load.RunAsync(verifyViaGateway, duration, verifyPool, ct: ct),
                load.RunAsync(userUrl, duration, ct: ct));

            // 1. The same signed requests to the verify-only endpoint, direct and through a gateway of its own.
            await load.RunAsync(verifyOnly.Url, shortWarmUp, verifyPool, ct: ct);
            var verifyDirect = await load.RunAsync(verifyOnly.Url, duration, verifyPool, ct: ct);
            await load.RunAsync(verifyViaGateway, shortWarmUp, verifyPool, ct: ct);
            (string, int?)[] verifyGatewayCpu = [("gateway", processes.PidOf("verify-gateway"))];
            var verifyCpu = await MeasureCpuAsync("verify-only through gateway", http, null, verifyGatewayCpu,
                () => load.RunAsync(verifyViaGateway, duration, verifyPool, ct: ct), ct);
            var verifyThroughGateway = verifyCpu.Load;
            (string, int?)[] intakeCpuOf = [("webhooks", processes.PidOf("webhooks")), ("gateway", processes.PidOf("gateway"))];

            // 2. The real intake through the gateway at a few connections. Its events are the ones replayed below, so they
            // are processed before anything else runs. Each pool is sized from the run before it, so no id repeats.
            var next = 0L;
            // The real intake path's own warm-up, flat out, then drained: tiered JIT and dynamic PGO of the store's writer,
            // the intake and the live lane reach their pace on these events, not in the measured run. On a loaded machine
            // a few connections for 2 s sent ~150 events, too few to tier up (the 4-connection run then spent 5 ms of CPU
            // per event against 1.8 ms for one connection later). Its events are never replayed.
            // Counted in events, not seconds: a loaded machine may get only a few hundred through in 2 s.
            var coldPool = events.Write(pools + "-cold", next, PoolSize(verifyThroughGateway.PerSecond, warmUp), WebhookLoad.Threads);
            next += coldPool.Count;
            var cold = await MeasureCpuAsync($"{WebhookLoad.Connections} connections, cold ({warmUp.TotalSeconds:0} s, first intake after start)", http, service, intakeCpuOf,
                () => load.RunAsync(intakeUrl, warmUp, coldPool, ct: ct), ct);
            for (var (warmed, round) = (cold.Stored, 0); warmed < IntakeWarmUpEvents && round < 4; round++)
            {
                await WaitForNoneReceivedAsync(http, service, TimeSpan.FromMinutes(2), ct);
                var morePool = events.Write(pools + $"-cold{round}", next, PoolSize(verifyThroughGateway.PerSecond, warmUp), WebhookLoad.Threads);
                next += morePool.Count;
                var more = await load.RunAsync(intakeUrl, warmUp, morePool, ct: ct);
                warmed += more.Requests;
            }

            await WaitForNoneReceivedAsync(http, service, TimeSpan.FromMinutes(2), ct);
            var before = await CountsAsync(http, service, ct);
            var fewWarmPool = events.Write(pools + "-few-warm", next, PoolSize(verifyThroughGateway.PerSecond, shortWarmUp), WebhookLoad.Threads);
            next += fewWarmPool.Count;
            IntakeCpu fewCpu;
            var fewStarted = Stopwatch.StartNew();
            var fewWarm = await load.RunAsync(intakeUrl, shortWarmUp, fewWarmPool, FewConnections, ct);
            var fewPool = events.Write(pools + "-few", next, PoolSize(Math.Min(fewWarm.PerSecond * 3, verifyThroughGateway.PerSecond), duration), WebhookLoad.Threads);
            next += fewPool.Count;
            // SAAS_BENCH_TRACE_INTAKE=FILE.nettrace: where the webhooks process's time goes during this run (dotnet-trace).
            using (StartTrace("SAAS_BENCH_TRACE_INTAKE", processes.PidOf("webhooks")))
            {
                fewCpu = await MeasureCpuAsync($"{FewConnections} connections (processing beside it)", http, service, intakeCpuOf,
                    () => load.RunAsync(intakeUrl, duration, fewPool, FewConnections, ct), ct);
            }

            var few = fewCpu.Load;
            var afterFew = await CountsAsync(http, service, ct);
            var fewProcessed = await WaitForNoneReceivedAsync(http, service, TimeSpan.FromSeconds(Math.Max(30, 4 * seconds)), ct);
            var fewSeconds = fewStarted.Elapsed.TotalSeconds;

            // 3. Replays of one set of those events (the first of the measured run's pool: a Stripe created range), alone and
            // under user traffic, the set sized to take about half a measurement at the intake rate just seen. The user
            // traffic is measured alone just before, with nothing pending at the webhooks service.
            var size = (int)Math.Clamp(few.PerSecond * duration.TotalSeconds / 2, 50, 10_000);
            var from = events.BaseCreated + fewPool.First;
            var window = new ReplayWindow(DateTimeOffset.FromUnixTimeSeconds(from), DateTimeOffset.FromUnixTimeSeconds(from + size - 1));
            ReplayResult? alone = null, withTraffic = null;
            (string, int?)[] measured = [("webhooks", processes.PidOf("webhooks")), ("RabbitMQ", rabbit.Node?.ProcessId)];
            WebhookLoadResult? userAlone = null;
            if (fewProcessed.Received == 0)
            {
                alone = await ReplayAsync(http, service, window, "alone", null, TimeSpan.FromMinutes(2), measured, ct);
                userAlone = await load.RunAsync(userUrl, duration, ct: ct);
                withTraffic = await ReplayAsync(http, service, window, "with user traffic",
                    () => load.Start(userUrl, TimeSpan.FromMinutes(10), ct: ct), duration, measured, ct);
                // A replay cut short under traffic finishes now, before the next measurement.
                await WaitForNoneReceivedAsync(http, service, TimeSpan.FromMinutes(2), ct);
            }

            // 3b. Nothing pending now: one connection sending one event after another, then a fixed 200 events/s
            // (WebhookPipelineRows.cs), each waiting until what it stored is processed.
            var sequentialPool = events.Write(pools + "-one", next, PoolSize(Math.Min(few.PerSecond, verifyThroughGateway.PerSecond), duration), WebhookLoad.Threads);
            next += sequentialPool.Count;
            var sequentialCpu = await MeasureCpuAsync("1 connection (processing beside it)", http, service, intakeCpuOf,
                () => load.RunAsync(intakeUrl, duration, sequentialPool, 1, ct), ct);
            var sequential = sequentialCpu.Load;
            await WaitForNoneReceivedAsync(http, service, TimeSpan.FromMinutes(2), ct);
            var fixedRate = await FixedRateAsync(intakeUrl, events, next, duration, ct);
            next += fixedRate.Events;
            await WaitForNoneReceivedAsync(http, service, TimeSpan.FromMinutes(2), ct);

            // 4. The real intake through the gateway at full load, last: its processing backlog is left behind.
            var intakeBefore = await CountsAsync(http, service, ct);
            var warmPool = events.Write(pools + "-warm", next, PoolSize(Math.Min(few.PerSecond * 10, verifyThroughGateway.PerSecond), warmUp), WebhookLoad.Threads);
            next += warmPool.Count;
            var intakeWarm = await load.RunAsync(intakeUrl, warmUp, warmPool, ct: ct);
            var intakePool = events.Write(pools + "-intake", next, PoolSize(Math.Min(intakeWarm.PerSecond * 2, verifyThroughGateway.PerSecond * 1.1), duration), WebhookLoad.Threads);
            var intakeCpu = await MeasureCpuAsync($"{WebhookLoad.Connections} connections (processing beside it)", http, service, intakeCpuOf,
                () => load.RunAsync(intakeUrl, duration, intakePool, ct: ct), ct);
            var intake = intakeCpu.Load;
            var afterIntake = await CountsAsync(http, service, ct);
            // 5. The backlog the flat-out run left: the live lane's processing rate with no intake beside it.
            var drain = await DrainAsync(http, service, measured,
                TimeSpan.FromSeconds(Math.Max(30, 6 * seconds)), ct);

            // 6. Replay alone at scale: every event the flat-out run stored, once drained (the small replays above are
            // sized from the 4-connection run, which a loaded machine keeps to a few hundred events).
            ReplayResult? large = null;
            if (drain.Drained)
            {
                var intakeWindow = new ReplayWindow(
                    DateTimeOffset.FromUnixTimeSeconds(events.BaseCreated + intakePool.First),
                    // At most the replay API's batch: a created range that wide holds at most that many events.
                    DateTimeOffset.FromUnixTimeSeconds(events.BaseCreated + intakePool.First + Math.Min(intakePool.Count, 10_000) - 1));
                large = await ReplayAsync(http, service, intakeWindow, "alone, the flat-out run's events", null, TimeSpan.FromMinutes(3), measured, ct);
            }

            PrintIntake(verifyDirect, verifyThroughGateway, intake, few);
            PrintIntakeCpu([verifyCpu, cold, fewCpu, sequentialCpu, intakeCpu]);
            Console.WriteLine(
                $"{WebhookLoad.Connections} connections: {Stored(intakeWarm, intake, intakeBefore, afterIntake)}; " +
                $"{afterIntake.Processed - intakeBefore.Processed:N0} processed by the time the load stopped");
            Console.WriteLine(
                $"{FewConnections} connections: {Stored(fewWarm, few, before, afterFew)}; " +
                (fewProcessed.Received == 0
                    ? $"all processed {fewSeconds:F1} s after the first was sent: {(fewProcessed.Processed - before.Processed) / fewSeconds:F0} events/s through the live lane"
                    : $"{fewProcessed.Received:N0} still not processed {fewSeconds:F0} s after the first was sent"));
            Console.WriteLine("(stored can exceed the 2xx count: requests in flight when wrk stopped were stored, their answers not counted)");
            if (alone is not null && withTraffic is not null && userAlone is not null)
            {
                PrintReplay(alone, withTraffic, userAlone);
            }
            else
            {
                Console.WriteLine("replays skipped: the events to replay were still being processed");
            }
            PrintPipelineRows(fixedRate, sequential, drain);
            if (large is not null)
            {
                Console.WriteLine(
                    $"{$"replay: {large.Replayed:N0} events of the flat-out run, alone",-60} {large.PerSecond,9:F0} {"-",8} {"-",8} {large.Failed,7}");
                Console.WriteLine($"(replay CPU per event: {string.Join(", ", large.CpuSeconds.Select(p => $"{p.Key} {p.Value * 1000 / large.Replayed:F2} ms"))}; " +
                                  $"{large.CpuSeconds.Values.Sum() / large.Seconds:F2} of {Environment.ProcessorCount} cores busy with them; load average at the end of the run {LoadAverage()})");
            }
            else
            {
                Console.WriteLine("(large replay skipped: the flat-out run's backlog was not drained in time)");
            }

            Console.WriteLine($"(webhook bench: {total.Elapsed.TotalSeconds:F0} s in all)");
        }
        finally
        {
            await processes.DisposeAsync();
            if (verifyOnly is not null)
            {
                await verifyOnly.DisposeAsync();
            }

            await rabbit.DisposeAsync();
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A process we could not stop may still write there; a leftover temp folder is no failure.
            }
        }
    }

    private static Dictionary<string, string> GatewayEnvironment(int webhooksPort, int billingPort)
    {
        var environment = new Dictionary<string, string> { ["RateLimiting__Webhooks__PermitLimit"] = WebhookPermitLimit.ToString() };
        foreach (var service in new[] { "identity", "billing", "admin", "webhooks" })
        {
            // Only webhooks and billing are exercised; the others need an address for the gateway to start.
            environment[$"services__{service}__http__0"] = service switch
            {
                "webhooks" => $"http://127.0.0.1:{webhooksPort}",
                "billing" => $"http://127.0.0.1:{billingPort}",
                _ => "http://127.0.0.1:9",
            };
        }

        return environment;
    }

    private static async Task ProbeAsync(HttpClient http, SignedStripeEvents events, long index, string url, CancellationToken ct)
    {
        var payload = events.Payload(index);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", events.Signature(payload, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        using var answer = await http.SendAsync(request, ct);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"a signed event posted to {url} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>Enough events for <paramref name="rate"/> over <paramref name="time"/>, with a margin.</summary>
    private static int PoolSize(double rate, TimeSpan time) => (int)Math.Clamp(rate * time.TotalSeconds * 1.25 + 1_000, 2_000, 250_000);

    private sealed record Counts(long Received, long Processed, long Failed, long Total);

    private static async Task<Counts> CountsAsync(HttpClient http, string service, CancellationToken ct) =>
        await http.GetFromJsonAsync<Counts>($"{service}/internal/webhooks/counts", JsonSerializerOptions.Web, ct)
        ?? throw new InvalidOperationException("the counts answer was empty");

    private static async Task<Counts> WaitForNoneReceivedAsync(HttpClient http, string service, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var counts = await CountsAsync(http, service, ct);
            if (counts.Received == 0 || clock.Elapsed > timeout)
            {
                return counts;
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>What one intake run stored, checked against the 2xx wrk counted.</summary>
    private static string Stored(WebhookLoadResult warm, WebhookLoadResult measured, Counts before, Counts after)
    {
        var acknowledged = warm.Requests - warm.Non2xx + measured.Requests - measured.Non2xx;
        var repeated = warm.Repeated + measured.Repeated;
        return $"{after.Total - before.Total:N0} events stored, {acknowledged:N0} 2xx counted by wrk (warm-up included), " +
               (repeated == 0 ? "no event id sent twice" : $"WARNING: {repeated:N0} requests repeated an event id (the pool ran out)");
    }

    private static void PrintIntake(WebhookLoadResult verifyDirect, WebhookLoadResult verifyThroughGateway, WebhookLoadResult intake, WebhookLoadResult few)
    {
        Console.WriteLine();
        Console.WriteLine($"{"path",-52} {"events/s",9} {"p50 ms",8} {"p99 ms",8} {"non-2xx",8} {"sock err",8} {"ev/s vs verify",15} {"p50 vs verify",14}");
        Row("verify-only direct (HMAC check, no storage)", verifyDirect, verifyDirect);
        Row("verify-only through gateway", verifyThroughGateway, verifyThroughGateway);
        Row("webhooks service through gateway (200 = stored)", intake, verifyThroughGateway);
        Row($"webhooks service through gateway, {FewConnections} connections", few, verifyThroughGateway);
        Console.WriteLine("(vs verify: against the verify-only endpoint reached the same way, at 32 connections. The verify-only rows cycle");
        Console.WriteLine($" {VerifyOnlyPoolSize:N0} signed events; the intake rows post each event once. p50/p99: of all answers, which were 200s unless counted)");
        Console.WriteLine(
            $"webhooks through gateway vs verify-only direct: {intake.PerSecond / verifyDirect.PerSecond:F3}x the events/s, " +
            $"{intake.P50Ms / verifyDirect.P50Ms:F1}x the p50, {intake.P99Ms / verifyDirect.P99Ms:F1}x the p99");
    }

    private static void Row(string name, WebhookLoadResult r, WebhookLoadResult baseline) =>
        Console.WriteLine(
            $"{name,-52} {r.PerSecond,9:F0} {r.P50Ms,8:F2} {r.P99Ms,8:F2} {r.Non2xx,8} {r.SocketErrors,8} " +
            $"{r.PerSecond / baseline.PerSecond,15:F3} {r.P50Ms / baseline.P50Ms,14:F1}");

    /// <summary>The one-minute load average (<c>/proc/loadavg</c>): what else the machine ran while a rate was measured.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
