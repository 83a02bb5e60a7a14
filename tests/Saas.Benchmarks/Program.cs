using Saas.Benchmarks;

// Measures side by side in one run, so the ratios compare like with like on the same machine at the same moment:
// the hot path (HotPathBench): billing's public plan list direct, through the gateway and through nginx, GET
// /api/auth/me through the gateway next to identity direct and a bare JWT-validated endpoint, a fixed 1,000 req/s,
// logins per second through the gateway next to password hashes per second alone; then the Stripe webhook bench,
// the billing bench (webhook accepted → /api/auth/me, usage track/s vs check/s), the store micro-bench (SQLite adapter commits vs a bare fsync) and the recovery bench (kill -9 of the broker, webhooks,
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

// Issue 17's hot path (plans direct/gateway/nginx, /me bare/direct/gateway, fixed 1,000 req/s, login vs hashing, the ratio table).
await HotPathBench.RunAsync(seconds);

// Stripe webhook intake and replay, with its own processes (started after the ones above are stopped).
await WebhookBench.RunAsync(Math.Min(seconds, 8));

// Billing's figures, with identity, billing and webhooks on a RabbitMQ node of their own.
await BillingBench.RunAsync(Math.Min(seconds, 8));

// The embedded store against the disk's bare fsync, with no services running.
await StoreBench.RunAsync(TimeSpan.FromSeconds(Math.Min(seconds, 5)));

// Crash recovery: kill -9 of the broker, webhooks and billing under a backlog.
await RecoveryBench.RunAsync();
