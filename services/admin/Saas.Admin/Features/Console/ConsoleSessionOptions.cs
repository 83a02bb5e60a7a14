using System.ComponentModel.DataAnnotations;

namespace Saas.Admin.Features.Console;

/// <summary>
/// How long a console session lasts and how often it is checked against identity (section <c>Admin:Console</c>).
/// Defaults follow OWASP ASVS 5.0 V7.3 for a privileged interface: a short idle timeout, an absolute lifetime that
/// sliding renewal never extends, and changes to the staffer (role removed, user deleted) ending the session.
/// </summary>
public sealed class ConsoleSessionOptions
{
    public const string SectionName = "Admin:Console";

    /// <summary>A session unused this long ends (sliding).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in, however active: the staffer signs in again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often a staff user's session is checked against identity (user still there, still holding a staff role).
    /// This is the bound on how long a removed role or a deleted user keeps console access. Zero checks every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RevalidateInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Directory holding the Data Protection key ring that encrypts the session and antiforgery cookies. Every admin
    /// replica must point at the same one (a shared volume), or a cookie issued by one replica is refused by the next.
    /// Empty: ASP.NET Core's default (the user profile, or memory in a read-only container).
    /// </summary>
    public string? KeysDirectory { get; set; }
}
