using Saas.Storage;

namespace Saas.Identity.Features.Sessions;

/// <summary>
/// One sign-in (a device): the family of refresh tokens that descend from it. Revoking the session (logout,
/// password change, detected token theft) ends every token of the family, and access tokens naming it
/// (<c>sid</c>) stop working at identity at once.
/// </summary>
public sealed class Session : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The User-Agent that signed in (shortened).</summary>
    public string? Device { get; set; }

    /// <summary>The client address last seen.</summary>
    public string? Ip { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>When the newest refresh token expires; the session goes with it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// A refresh token, stored only as its SHA-256 hash. A rotated token is kept (with <see cref="RotatedAt"/>) until it
/// would have expired, so presenting it again is recognised as reuse (or, within the grace window and from the device
/// that rotated it, as a second tab of the same browser).
/// </summary>
public sealed class RefreshToken : IDocument
{
    /// <summary>SHA-256 of the token, base64url.</summary>
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string SessionId { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RotatedAt { get; set; }

    /// <summary>The User-Agent (shortened) that rotated the token: only it may present the token again in the grace window.</summary>
    public string? RotatedBy { get; set; }
}
