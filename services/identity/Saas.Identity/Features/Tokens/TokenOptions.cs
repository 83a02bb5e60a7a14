using System.ComponentModel.DataAnnotations;

namespace Saas.Identity.Features.Tokens;

/// <summary>Token lifetimes and signing-key rotation (section <c>Identity:Tokens</c>). Issuer and audience are <c>Jwt:*</c>.</summary>
public sealed class TokenOptions
{
    public const string SectionName = "Identity:Tokens";

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The longest a session (sign-in) lives however often it refreshes; then the user signs in again. Refreshing
    /// extends a session by <see cref="RefreshTokenLifetime"/> at a time, never past this (ASVS 5.0 V7.3.2).
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan SessionAbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a rotated refresh token may be presented again by the same device and still get a pair for its
    /// session (two tabs refreshing with the same stored token); later, or from another device, it revokes the family.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Impersonation tokens are short and cannot be refreshed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan ImpersonationTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one key signs before a new one takes over; the old one stays published until its tokens expired.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "365.00:00:00")]
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(30);

    [AllowedValues(2048, 3072, 4096)]
    public int SigningKeySize { get; set; } = 2048;

    /// <summary>
    /// The secret the signing keys are encrypted with in identity's store (32+ characters, e.g. <c>openssl rand -hex 32</c>;
    /// the same in every replica, kept in a Secret, not in the store). Required outside Development. Changing it makes
    /// the stored keys unreadable: identity then refuses to sign until the old keys are deleted (every user signs in again).
    /// </summary>
    [MinLength(32)]
    public string? SigningKeyEncryptionSecret { get; set; }

    /// <summary>The longest any access token lives, so how long a retired key must stay published.</summary>
    public TimeSpan LongestTokenLifetime => AccessTokenLifetime > ImpersonationTokenLifetime ? AccessTokenLifetime : ImpersonationTokenLifetime;
}
