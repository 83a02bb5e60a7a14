using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Saas.Admin.Features.Staff;

/// <summary>
/// Counts wrong Basic credentials per client IP; after <see cref="AdminOptions.MaxFailedAttempts"/> within
/// <see cref="AdminOptions.LockoutDuration"/> the IP is refused (429) until the lockout ends, right password or not.
/// </summary>
public sealed class StaffSignInLockout(IOptionsMonitor<AdminOptions> options, TimeProvider time)
{
    private const int PruneThreshold = 10_000;
    private readonly ConcurrentDictionary<string, Entry> entries = new();

    /// <summary>How long <paramref name="client"/> must still wait, or <see langword="null"/> when it may try.</summary>
    public TimeSpan? RetryAfter(string client)
    {
        var now = time.GetUtcNow();
        return entries.TryGetValue(client, out var e) && e.LockedUntil is { } until && until > now ? until - now : null;
    }

    public void RecordFailure(string client)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        if (entries.Count > PruneThreshold)
        {
            Prune(now);
        }

        entries.AddOrUpdate(client,
            _ => Next(new Entry(0, now, null), settings, now),
            (_, e) => Next(e, settings, now));
    }

    public void Reset(string client) => entries.TryRemove(client, out _);

    private static Entry Next(Entry e, AdminOptions settings, DateTimeOffset now)
    {
        // A window that has passed (or a lockout that has ended) starts counting again.
        if (now - e.WindowStart > settings.LockoutDuration || e.LockedUntil is { } until && until <= now)
        {
            e = new Entry(0, now, null);
        }

        var failures = e.Failures + 1;
        return new Entry(failures, e.WindowStart, failures >= settings.MaxFailedAttempts ? now + settings.LockoutDuration : null);
    }

    private void Prune(DateTimeOffset now)
    {
        var window = options.CurrentValue.LockoutDuration;
        foreach (var (key, e) in entries)
        {
            if ((e.LockedUntil ?? e.WindowStart + window) <= now)
            {
                entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(int Failures, DateTimeOffset WindowStart, DateTimeOffset? LockedUntil);
}
