using System.ComponentModel.DataAnnotations;

namespace Saas.Identity.Features.Accounts;

/// <summary>Identity's account settings (section <c>Identity</c>).</summary>
public sealed class AccountOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    /// <summary>
    /// The front end's address, for links in mails. Falls back to <c>Billing:PublicUrl</c> (saasbackend's
    /// <c>PUBLIC_URL</c>), then to <c>http://localhost:3000</c>.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Front-end page that reads <c>?token=</c> and calls <c>POST /api/user/password-reset-confirm</c>.</summary>
    public string ResetPasswordPath { get; set; } = "/reset-password";

    /// <summary>Front-end page that reads <c>?token=</c> and calls <c>POST /api/auth/verify-email</c>.</summary>
    public string VerifyEmailPath { get; set; } = "/verify-email";

    /// <summary>Front-end page that reads <c>?token=</c> and calls <c>POST /api/v1/invites/{token}/accept</c>.</summary>
    public string InvitePath { get; set; } = "/invite";

    /// <summary>How long an organization's invitation can be accepted.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Accepting an invitation needs a verified address (default): without it, whoever learns a token can sign up with
    /// the invited address and join. Off only for front ends that cannot verify addresses yet.
    /// </summary>
    public bool InvitationsRequireVerifiedEmail { get; set; } = true;

    /// <summary>When true, sign-in is refused (403) until the address is verified, and register returns no tokens.</summary>
    public bool RequireVerifiedEmail { get; set; }

    /// <summary>PBKDF2 iterations for new hashes; stored hashes with fewer are re-hashed at the next login.</summary>
    [Range(1, 10_000_000)]
    public int PasswordHashIterations { get; set; } = 100_000;

    /// <summary>Largest JSON body accepted on identity's routes; larger ones get 413.</summary>
    [Range(1024, 1_048_576)]
    public int MaxRequestBodyBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// How long a mailed reset link works. Short (OWASP's Forgot Password guidance; ASVS 5.0 V6.4): the mail may sit
    /// in an inbox others read. A change of e-mail or password voids an outstanding link earlier.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan PasswordResetTokenLifetime { get; set; } = TimeSpan.FromMinutes(20);

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan EmailVerificationTokenLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// <c>/internal/**</c> calls must send it in <c>X-Internal-Api-Key</c> (on top of the gateway never routing them).
    /// Required outside Development; empty in Development leaves those routes open.
    /// </summary>
    public string? InternalApiKey { get; set; }

    /// <summary>
    /// Addresses or CIDR networks (e.g. <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> is believed: the gateway's.
    /// Loopback is always trusted. Without the right entry, every client looks like the gateway to the per-IP
    /// login throttle.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public Uri PublicBaseUri => new(PublicUrl!.TrimEnd('/') + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(PublicUrl)]);
        }

        foreach (var proxy in global::Saas.ServiceDefaults.Security.TrustedProxies.Invalid(TrustedProxies))
        {
            yield return new ValidationResult($"'{proxy}' is neither an IP address nor a CIDR network", [nameof(TrustedProxies)]);
        }

        foreach (var (name, path) in new[] { (nameof(ResetPasswordPath), ResetPasswordPath), (nameof(VerifyEmailPath), VerifyEmailPath), (nameof(InvitePath), InvitePath) })
        {
            if (!path.StartsWith('/'))
            {
                yield return new ValidationResult("must start with /", [name]);
            }
        }
    }

    /// <summary>A front-end link carrying <paramref name="token"/>.</summary>
    public string Link(string path, string token) =>
        new Uri(PublicBaseUri, path.TrimStart('/')) + "?token=" + Uri.EscapeDataString(token);
}
