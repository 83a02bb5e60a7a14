using System.Net.Http.Json;
using System.Text.Json;
using Saas.Benchmarks;
using Saas.Testing;

// Measures side by side in one run, so the ratios compare like with like on the same machine at the same moment:
// 1. logins per second through the gateway next to password hashes per second alone;
// 2. the hot path (HotPathBench): billing's public plan list direct, through the gateway and through nginx, GET
//    /api/auth/me through the gateway next to identity direct and a bare JWT-validated endpoint, a fixed 1,000 req/s;
// then the Stripe webhook bench, the billing bench (webhook accepted → /api/auth/me, usage track/s vs check/s), the
// store micro-bench (SQLite adapter commits vs a bare fsync) and the recovery bench (kill -9 of the broker, webhooks,
// billing → time to drained backlog and catch-up events/s).
// `./saas bench [seconds] [webhooks|billing|store|recovery|hotpath]`: a second argument runs that bench alone.
var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
if (args.Length > 1 && args[1] == "billing")
{
    await BillingBench.RunAsync(seconds);
    return;
}

if (args.Length > 1 && args[1] == "store")
{
    await StoreBench.RunAsync(TimeSpan.FromSeconds(seconds));
    return;
}

if (args.Length > 1 && args[1] == "hotpath")
{
    await HotPathBench.RunAsync(seconds);
    return;
}

if (args.Length > 1 && args[1] == "webhooks")
{
    await WebhookBench.RunAsync(seconds);
    return;
}

if (args.Length > 1 && args[1] == "recovery")
{
    await RecoveryBench.RunAsync();
    return;
}

var duration = TimeSpan.FromSeconds(seconds);
var warmUp = TimeSpan.FromSeconds(2);
// Identity's default; passed to identity explicitly so both sides of the login comparison hash alike.
const int PasswordHashIterations = 100_000;
// The gateway limits login to 20 calls a minute per client IP and me to 600; the bench lifts both to measure capacity.
const int AuthPermitLimit = 1_000_000;
const int LoginConnections = 8;
var work = Directory.CreateTempSubdirectory("saas-bench-");
await using var processes = new BenchProcesses(work.FullName);

try
{
    var billingPort = FreePort.Next();
    var identityPort = FreePort.Next();
    var gatewayPort = FreePort.Next();
    await processes.StartDotnetAsync("billing", RepoPaths.ProjectDll("billing"), billingPort,
        // Billing refuses to start in Production without a Stripe key; the bench never reaches Stripe.
        new() { ["Storage__DataDirectory"] = Path.Combine(work.FullName, "billing"), ["Stripe__SecretKey"] = "sk_test_saas_bench_unused" });
    // No ConnectionStrings__messaging: identity runs on its in-process bus, which is all a login or /me needs.
    await processes.StartDotnetAsync("identity", RepoPaths.ProjectDll("identity"), identityPort, new()
    {
        ["Storage__DataDirectory"] = Path.Combine(work.FullName, "identity"),
        ["Identity__PasswordHashIterations"] = PasswordHashIterations.ToString(),
    });

    var gatewayEnvironment = new Dictionary<string, string>
    {
        ["RateLimiting__Auth__PermitLimit"] = AuthPermitLimit.ToString(),
        ["RateLimiting__Session__PermitLimit"] = AuthPermitLimit.ToString(),
    };
    var serviceUrls = new Dictionary<string, int> { ["billing"] = billingPort, ["identity"] = identityPort };
    foreach (var service in new[] { "identity", "billing", "admin", "webhooks" })
    {
        // Only billing and identity are exercised; the others need an address for the gateway to start.
        gatewayEnvironment[$"services__{service}__http__0"] = serviceUrls.TryGetValue(service, out var port) ? $"http://127.0.0.1:{port}" : "http://127.0.0.1:9";
    }

    await processes.StartDotnetAsync("gateway", RepoPaths.ProjectDll("gateway"), gatewayPort, gatewayEnvironment, healthPath: "/alive");
    var gateway = $"http://127.0.0.1:{gatewayPort}";
    var identity = $"http://127.0.0.1:{identityPort}";

    var load = LoadGenerator.Create(work.FullName);
    Console.WriteLine($"saas bench: {seconds} s per measurement (after a {warmUp.TotalSeconds:0} s warm-up), {load.Description}, {Environment.ProcessorCount} cores");

    // One account for every login; registered directly at identity (not through the gateway's limit).
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    var email = $"bench-{Guid.NewGuid():N}@example.com";
    const string password = "bench-password-1";
    var registered = await http.PostAsJsonAsync($"{identity}/api/auth/register", new { email, password, name = "Bench" });
    if ((int)registered.StatusCode != 201)
    {
        throw new InvalidOperationException($"registering the bench account answered {(int)registered.StatusCode}: {await registered.Content.ReadAsStringAsync()}");
    }

    Console.WriteLine();
    Console.WriteLine($"== POST /api/auth/login (PBKDF2-HMAC-SHA512, {PasswordHashIterations:N0} iterations; one registered account, correct password)");
    Console.WriteLine($"   the gateway runs with RateLimiting__Auth__PermitLimit and __Session__PermitLimit={AuthPermitLimit} for this bench, so it");
    Console.WriteLine("   measures capacity, not the production limits of 20 logins and 600 me calls a minute per client IP");
    var hashing = PasswordHashing.Measure(PasswordHashIterations, duration);
    var loginRequest = LoadRequest.PostJson(JsonSerializer.Serialize(new { email, password }));
    await load.RunAsync($"{gateway}/api/auth/login", warmUp, loginRequest, LoginConnections);
    var login = await load.RunAsync($"{gateway}/api/auth/login", duration, loginRequest, LoginConnections);
    ResultTable.PrintLogin(hashing, login, LoginConnections);
}
finally
{
    await processes.DisposeAsync();
    work.Delete(recursive: true);
}

// Issue 17's hot path (plans direct/gateway/nginx, /me bare/direct/gateway, fixed 1,000 req/s, the ratio table).
await HotPathBench.RunAsync(seconds);

// Stripe webhook intake and replay, with its own processes (started after the ones above are stopped).
await WebhookBench.RunAsync(Math.Min(seconds, 8));

// Billing's figures, with identity, billing and webhooks on a RabbitMQ node of their own.
await BillingBench.RunAsync(Math.Min(seconds, 8));

// The embedded store against the disk's bare fsync, with no services running.
await StoreBench.RunAsync(TimeSpan.FromSeconds(Math.Min(seconds, 5)));

// Crash recovery: kill -9 of the broker, webhooks and billing under a backlog.
await RecoveryBench.RunAsync();
