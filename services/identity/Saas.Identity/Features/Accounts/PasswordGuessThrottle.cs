using Microsoft.Extensions.Options;

namespace Saas.Identity.Features.Accounts;

/// <summary>
/// Counts password checks per account and per client address in fixed windows. An attempt is reserved (counted as a
/// failure) before its password is hashed, in one step with the check, so a burst of parallel guesses gets at most
/// the limit evaluated; a success gives the reservation back. In memory, per process: with several replicas an
/// attacker gets the limit once per replica, which still caps guessing at a few per minute. Successful logins clear
/// the account's count (not the address's, so one valid account cannot be used to reset the counter while guessing
/// others).
/// </summary>
public sealed class PasswordGuessThrottle(IOptions<LoginThrottlingOptions> options, TimeProvider time)
{
    private const int PruneAbove = 50_000;
    private readonly Dictionary<string, Counter> counters = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>How long the caller must wait, or <see langword="null"/> when the attempt may go ahead.</summary>
    public TimeSpan? RetryAfter(string account, string? ip)
    {
        lock (gate)
        {
            return Wait(account, ip, time.GetUtcNow());
        }
    }

    /// <summary>
    /// Checks and, when allowed, counts the attempt as a failure in one step. Returns how long the caller must wait
    /// (nothing counted), or <see langword="null"/> when the attempt may be evaluated; call <see cref="RecordSuccess"/>
    /// if the password turns out right.
    /// </summary>
    public TimeSpan? TryReserve(string account, string? ip)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (Wait(account, ip, now) is { } wait)
            {
                return wait;
            }

            Increment(AccountKey(account), now);
            if (ip is not null)
            {
                Increment(IpKey(ip), now);
            }

            if (counters.Count > PruneAbove)
            {
                Prune(now);
            }

            return null;
        }
    }

    /// <summary>Counts a failure without a reservation (prefer <see cref="TryReserve"/>, which cannot be raced).</summary>
    public void RecordFailure(string account, string? ip)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            Increment(AccountKey(account), now);
            if (ip is not null)
            {
                Increment(IpKey(ip), now);
            }
        }
    }

    /// <summary>A right password: the account starts over; the address gets its reservation back.</summary>
    public void RecordSuccess(string account, string? ip = null)
    {
        lock (gate)
        {
            counters.Remove(AccountKey(account));
            if (ip is not null && counters.TryGetValue(IpKey(ip), out var c) && c.Failures > 0)
            {
                counters[IpKey(ip)] = c with { Failures = c.Failures - 1 };
            }
        }
    }

    private TimeSpan? Wait(string account, string? ip, DateTimeOffset now)
    {
        var settings = options.Value;
        var byAccount = Blocked(AccountKey(account), settings.MaxFailuresPerAccount, now);
        var byIp = ip is null ? null : Blocked(IpKey(ip), settings.MaxFailuresPerIp, now);
        return byAccount > byIp || byIp is null ? byAccount : byIp;
    }

    private TimeSpan? Blocked(string key, int max, DateTimeOffset now) =>
        counters.TryGetValue(key, out var c) && c.Failures >= max && now < c.WindowStart + options.Value.Window
            ? c.WindowStart + options.Value.Window - now
            : null;

    private void Increment(string key, DateTimeOffset now) =>
        counters[key] = counters.TryGetValue(key, out var c) && now < c.WindowStart + options.Value.Window
            ? c with { Failures = c.Failures + 1 }
            : new Counter(1, now);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, counter) in counters.ToList())
        {
            if (now >= counter.WindowStart + options.Value.Window)
            {
                counters.Remove(key);
            }
        }
    }

    private static string AccountKey(string account) => "a:" + account;

    private static string IpKey(string ip) => "i:" + ip;

    private sealed record Counter(int Failures, DateTimeOffset WindowStart);
}
