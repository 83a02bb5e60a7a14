namespace Saas.Identity.Features.Accounts;

/// <summary>
/// The minimum policy: 8 to 128 characters, nothing else. Length is what makes a password strong; composition
/// rules mostly make users predictable (NIST SP 800-63B). The upper bound keeps a hash request cheap to refuse.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>Why <paramref name="password"/> is refused, or <see langword="null"/> when it is acceptable.</summary>
    public static string? Check(string password) => password.Length switch
    {
        < MinLength => $"Password must be at least {MinLength} characters",
        > MaxLength => $"Password must be at most {MaxLength} characters",
        _ => null,
    };
}
