namespace Saas.Identity.Features.Accounts;

/// <summary>
/// Password hashes carried over from saasbackend (<c>saas import saasbackend</c>): bcrypt, as its <c>bcryptjs</c>
/// writes them (<c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>, cost and salt inside). They are only ever verified; a right
/// password is re-hashed with our hasher at once (see <see cref="Passwords.VerifyAsync"/>), so each imported hash is
/// used until its owner's first successful login.
/// </summary>
internal static class BcryptHashes
{
    public static bool IsBcrypt(string? hash) =>
        hash is { Length: 60 } && (hash.StartsWith("$2a$", StringComparison.Ordinal) ||
                                   hash.StartsWith("$2b$", StringComparison.Ordinal) ||
                                   hash.StartsWith("$2y$", StringComparison.Ordinal));

    public static bool Verify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            // A corrupt imported hash counts as a wrong password, as a corrupt hash of ours does.
            return false;
        }
    }
}
