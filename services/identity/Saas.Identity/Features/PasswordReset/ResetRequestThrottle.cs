using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Saas.Identity.Features.PasswordReset;

/// <summary>Limits on password-reset requests (section <c>Identity:PasswordResetThrottling</c>).</summary>
public sealed class ResetThrottlingOptions
{
    public const string SectionName = "Identity:PasswordResetThrottling";

    /// <summary>Reset mails per address within <see cref="Window"/>; further requests are answered alike but send nothing.</summary>
    [Range(1, 100)]
    public int MaxRequestsPerAccount { get; set; } = 3;

    /// <summary>Reset requests from one client address within <see cref="Window"/> before it gets 429.</summary>
    [Range(1, 100_000)]
    public int MaxRequestsPerIp { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Counts reset requests per address and per client in fixed windows, in memory per process. Without it anyone
/// could bomb an inbox, void the victim's last link with every request, and fill the mail queue so that everyone
/// else's mails are dropped.
/// </summary>
public sealed class ResetRequestThrottle(IOptions<ResetThrottlingOptions> options, TimeProvider time)
{
    private const int PruneAbove = 50_000;
    private readonly Dictionary<string, (int Count, DateTimeOffset WindowStart)> counters = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public enum Decision
    {
        /// <summary>Send the mail.</summary>
        Send,

        /// <summary>This address had its mails for now: answer as usual, send nothing (the answer must not differ).</summary>
        SkipMail,

        /// <summary>This client asked too often: 429.</summary>
        TooMany,
    }

    /// <summary>Counts the request (check and count in one step) and says what to do with it.</summary>
    public (Decision Decision, TimeSpan RetryAfter) Check(string email, string? ip)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (counters.Count > PruneAbove)
            {
                foreach (var (key, c) in counters.ToList().Where(e => now >= e.Value.WindowStart + settings.Window))
                {
                    counters.Remove(key);
                }
            }

            if (ip is not null && Count("i:" + ip, now, settings.Window) is var (byIp, ipStart) && byIp > settings.MaxRequestsPerIp)
            {
                return (Decision.TooMany, ipStart + settings.Window - now);
            }

            return Count("a:" + email, now, settings.Window).Count > settings.MaxRequestsPerAccount
                ? (Decision.SkipMail, TimeSpan.Zero)
                : (Decision.Send, TimeSpan.Zero);
        }
    }

    private (int Count, DateTimeOffset WindowStart) Count(string key, DateTimeOffset now, TimeSpan window)
    {
        var next = counters.TryGetValue(key, out var c) && now < c.WindowStart + window ? (c.Count + 1, c.WindowStart) : (1, now);
        counters[key] = next;
        return next;
    }
}
