using System.Net.Http.Json;
using System.Text.Json;
using Saas.Testing;

namespace Saas.Benchmarks;

/// <summary>
/// The hot path of issue 17, side by side in one run: billing's public plan list direct, through the gateway and
/// through nginx; <c>GET /api/auth/me</c> at a bare JwtBearer endpoint, at identity and through the gateway (wrk when
/// installed); then a fixed 1,000 req/s for the latency the gateway adds; then logins through the gateway next to the
/// password hash alone (issue 14); then every ratio next to its goal.
/// <c>./saas bench [seconds] hotpath</c> runs it alone.
/// </summary>
internal static class HotPathBench
{
    private const int FixedRate = 1_000;

    // Identity's default; passed to identity explicitly so both sides of the login comparison hash alike.
    private const int PasswordHashIterations = 100_000;
    // At most 4 logins of the one account in flight: identity's throttle counts a login as a failure until its
    // password is known right (5 per account), so more connections would be answered 429. Two hash at once (one per
    // core) while two wait, enough to keep both cores hashing across the writes.
    private const int LoginConnections = 4;
    private const string BenchPassword = "bench-password-1";

    // The gateway's production limits (20 logins, 600 me calls a minute per client IP) would refuse a load test.
    private const string UnlimitedPermits = "1000000";

    private static readonly TimeSpan TierUpWarmUp = TimeSpan.FromSeconds(6);

    public static async Task RunAsync(int seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = TimeSpan.FromSeconds(2);
        var work = Directory.CreateTempSubdirectory("saas-bench-hotpath-");
        await using var processes = new BenchProcesses(work.FullName);
        BareJwtEndpoint? bare = null;
        try
        {
            var (billingPort, identityPort, gatewayPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            await processes.StartDotnetAsync("billing", RepoPaths.ProjectDll("billing"), billingPort,
                new() { ["Storage__DataDirectory"] = Path.Combine(work.FullName, "billing"), ["Stripe__SecretKey"] = "sk_test_saas_bench_unused" });
            await processes.StartDotnetAsync("identity", RepoPaths.ProjectDll("identity"), identityPort,
                new() { ["Storage__DataDirectory"] = Path.Combine(work.FullName, "identity"), ["Identity__PasswordHashIterations"] = PasswordHashIterations.ToString() });
            await processes.StartDotnetAsync("gateway", RepoPaths.ProjectDll("gateway"), gatewayPort, GatewayEnvironment(billingPort, identityPort), healthPath: "/alive");
            var (billing, identity, gateway) = ($"http://127.0.0.1:{billingPort}", $"http://127.0.0.1:{identityPort}", $"http://127.0.0.1:{gatewayPort}");
            var nginxPort = await processes.TryStartNginxAsync(billingPort);

            var load = LoadGenerator.Create(work.FullName);
            Console.WriteLine($"saas bench hotpath: {seconds} s per measurement (after a {warmUp.TotalSeconds:0} s warm-up; each plans path loaded {TierUpWarmUp.TotalSeconds:0} s first), {load.Description}, {Environment.ProcessorCount} cores");

            var plans = new List<(string Name, string Url)> { ("direct (Kestrel)", $"{billing}/api/billing/plans"), ("through gateway (YARP)", $"{gateway}/api/billing/plans") };
            if (nginxPort is { } port)
            {
                plans.Add(("through nginx", $"http://127.0.0.1:{port}/api/billing/plans"));
            }

            // Every path loaded once before anything is measured: with tiered JIT and dynamic PGO a cold YARP path needs
            // several seconds of load to reach its pace (a 2 s warm-up left the gateway at about half its steady rate,
            // while /me, measured later, found it warm).
            foreach (var (_, url) in plans)
            {
                await load.RunAsync(url, TierUpWarmUp);
            }

            Console.WriteLine();
            Console.WriteLine("== GET /api/billing/plans");
            var planResults = await MeasureAsync(load, plans, warmUp, duration, request: null);
            ResultTable.Print(planResults);

            var (email, token) = await RegisterAsync(identity);
            bare = await BareJwtEndpoint.StartAsync(identity, token, FreePort.Next());
            var bearer = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" };
            Console.WriteLine();
            Console.WriteLine($"== GET /api/auth/me with a {bare.Algorithm} access token");
            var meResults = await MeasureAsync(load, [
                ("bare JwtBearer endpoint (in-process Kestrel)", bare.Url),
                ("identity direct /api/auth/me", $"{identity}/api/auth/me"),
                ("through gateway /api/auth/me", $"{gateway}/api/auth/me"),
            ], warmUp, duration, LoadRequest.Get(bearer));
            ResultTable.Print(meResults, baseline: "bare");

            Console.WriteLine();
            Console.WriteLine($"== fixed {FixedRate:N0} req/s (open loop, in-process generator, latency from each request's due time)");
            var fixedDuration = TimeSpan.FromSeconds(Math.Max(3, seconds));
            var fixedRows = new List<(string Name, FixedRateResult Result)>();
            foreach (var (name, url, headers) in new (string, string, IReadOnlyDictionary<string, string>?)[]
                     {
                         ("plans direct", plans[0].Url, null), ("plans through gateway", plans[1].Url, null),
                         ("me direct", $"{identity}/api/auth/me", bearer), ("me through gateway", $"{gateway}/api/auth/me", bearer),
                     })
            {
                await FixedRateLoad.RunAsync(url, FixedRate, warmUp, headers);
                fixedRows.Add((name, await FixedRateLoad.RunAsync(url, FixedRate, fixedDuration, headers)));
            }

            PrintFixedRate(fixedRows);

            Console.WriteLine();
            Console.WriteLine($"== POST /api/auth/login (PBKDF2-HMAC-SHA512, {PasswordHashIterations:N0} iterations; one registered account, correct password)");
            Console.WriteLine("   the gateway's login limit (20 a minute per client IP) is lifted for this bench: it measures capacity");
            var loginRequest = LoadRequest.PostJson(JsonSerializer.Serialize(new { email, password = BenchPassword }));
            await load.RunAsync($"{gateway}/api/auth/login", warmUp, loginRequest, LoginConnections);
            // The hash alone is measured just before and just after the logins (half the time each): the others' load
            // on this machine drifts, and both sides of the ratio should see the same drift.
            var hashedBefore = PasswordHashing.Measure(PasswordHashIterations, duration / 2);
            var login = await load.RunAsync($"{gateway}/api/auth/login", duration, loginRequest, LoginConnections);
            var hashing = PasswordHashing.Mean(hashedBefore, PasswordHashing.Measure(PasswordHashIterations, duration / 2));
            var signedIn = ResultTable.PrintLogin(hashing, login, LoginConnections, duration);

            HotPathRatios.Print(planResults, meResults, fixedRows, signedIn / hashing.PerSecond);
        }
        finally
        {
            if (bare is not null)
            {
                await bare.DisposeAsync();
            }

            await processes.DisposeAsync();
            work.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> GatewayEnvironment(int billingPort, int identityPort)
    {
        var environment = new Dictionary<string, string>
        {
            ["RateLimiting__Auth__PermitLimit"] = UnlimitedPermits,
            ["RateLimiting__Session__PermitLimit"] = UnlimitedPermits,
            ["services__billing__http__0"] = $"http://127.0.0.1:{billingPort}",
            ["services__identity__http__0"] = $"http://127.0.0.1:{identityPort}",
            // Not exercised; the gateway needs an address for every cluster to start.
            ["services__admin__http__0"] = "http://127.0.0.1:9",
            ["services__webhooks__http__0"] = "http://127.0.0.1:9",
        };
        return environment;
    }

    private static async Task<List<(string Name, LoadResult Result)>> MeasureAsync(
        LoadGenerator load, IEnumerable<(string Name, string Url)> targets, TimeSpan warmUp, TimeSpan duration, LoadRequest? request)
    {
        var results = new List<(string Name, LoadResult Result)>();
        foreach (var (name, url) in targets)
        {
            await load.RunAsync(url, warmUp, request);
            results.Add((name, await load.RunAsync(url, duration, request)));
        }

        return results;
    }

    /// <summary>One account for the /me rows (its access token) and every login (registered directly at identity).</summary>
    private static async Task<(string Email, string Token)> RegisterAsync(string identity)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        var registered = await http.PostAsJsonAsync($"{identity}/api/auth/register", new { email, password = BenchPassword, name = "Bench" });
        if ((int)registered.StatusCode != 201)
        {
            throw new InvalidOperationException($"registering the bench account answered {(int)registered.StatusCode}: {await registered.Content.ReadAsStringAsync()}");
        }

        return (email, (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
    }

    private static void PrintFixedRate(List<(string Name, FixedRateResult Result)> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{"path",-44} {"sent",8} {"p50 ms",8} {"p99 ms",8} {"errors",7}");
        foreach (var (name, r) in rows)
        {
            Console.WriteLine($"{name,-44} {r.Sent,8} {r.P50Ms,8:F3} {r.P99Ms,8:F3} {r.Errors,7}");
        }
    }
}
