using System.ComponentModel.DataAnnotations;

namespace Saas.Identity.Features.Accounts;

/// <summary>Brute-force limits on password checks (section <c>Identity:LoginThrottling</c>).</summary>
public sealed class LoginThrottlingOptions
{
    public const string SectionName = "Identity:LoginThrottling";

    /// <summary>Failed password checks for one account within <see cref="Window"/> before it is refused (429).</summary>
    [Range(1, 1000)]
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed password checks from one client address within <see cref="Window"/> before it is refused.</summary>
    [Range(1, 100_000)]
    public int MaxFailuresPerIp { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
