using System.Text.RegularExpressions;

namespace Saas.Identity.Features.Accounts;

/// <summary>E-mail addresses are compared lowercased and trimmed, so <c>Ann@X.com </c> and <c>ann@x.com</c> are one account.</summary>
public static partial class Emails
{
    public const int MaxLength = 254;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A deliberately loose check (one @, a dot in the domain, no spaces): the verification mail is the real test.</summary>
    public static bool IsValid(string normalized) => normalized.Length <= MaxLength && Shape().IsMatch(normalized);

    [GeneratedRegex(@"^[^@\s\p{C}]+@[^@\s\p{C}]+\.[^@\s\p{C}]+$")]
    private static partial Regex Shape();
}
