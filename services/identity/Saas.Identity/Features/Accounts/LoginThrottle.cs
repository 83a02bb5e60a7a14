using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Saas.Identity.Features.Accounts;

/// <summary>
/// Counts failed password checks per account and per client address in fixed windows. In memory, per
/// process: with several replicas an attacker gets the limit once per replica, which still caps guessing
/// at a few per minute. Successful logins clear the account's count (not the address's, so one valid
/// account cannot be used to reset the counter while guessing others).
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottlingOptions> options, TimeProvider time)
{
    private const int PruneAbove = 50_000;
    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or <see langword="null"/> when the attempt may go ahead.</summary>
    public TimeSpan? RetryAfter(string account, string? ip)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var wait = new[] { Blocked(AccountKey(account), settings.MaxFailuresPerAccount, now), ip is null ? null : Blocked(IpKey(ip), settings.MaxFailuresPerIp, now) }
            .Max();
        return wait;
    }

    public void RecordFailure(string account, string? ip)
    {
        Increment(AccountKey(account));
        if (ip is not null)
        {
            Increment(IpKey(ip));
        }

        if (counters.Count > PruneAbove)
        {
            Prune();
        }
    }

    public void RecordSuccess(string account) => counters.TryRemove(AccountKey(account), out _);

    private TimeSpan? Blocked(string key, int max, DateTimeOffset now) =>
        counters.TryGetValue(key, out var c) && c.Failures >= max && now < c.WindowStart + options.Value.Window
            ? c.WindowStart + options.Value.Window - now
            : null;

    private void Increment(string key)
    {
        var now = time.GetUtcNow();
        counters.AddOrUpdate(
            key,
            _ => new Counter(1, now),
            (_, c) => now >= c.WindowStart + options.Value.Window ? new Counter(1, now) : c with { Failures = c.Failures + 1 });
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, counter) in counters)
        {
            if (now >= counter.WindowStart + options.Value.Window)
            {
                counters.TryRemove(key, out _);
            }
        }
    }

    private static string AccountKey(string account) => "a:" + account;

    private static string IpKey(string ip) => "i:" + ip;

    private sealed record Counter(int Failures, DateTimeOffset WindowStart);
}
