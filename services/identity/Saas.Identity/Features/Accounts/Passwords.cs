using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Saas.Identity.Features.Accounts;

/// <summary>
/// Hashes and verifies passwords with ASP.NET Core Identity's PasswordHasher (PBKDF2-HMAC-SHA512). Hashing is
/// CPU-bound (about 50 ms at 100,000 iterations), so at most one hash per core runs at a time and the rest wait
/// their turn instead of starving request threads. Unknown accounts verify against a dummy hash, so a login for
/// an e-mail that does not exist costs the same time as a wrong password. Hashes imported from saasbackend are bcrypt:
/// they verify as <see cref="PasswordVerificationResult.SuccessRehashNeeded"/>, so login replaces them with ours.
/// </summary>
public sealed class Passwords
{
    private readonly PasswordHasher<User> hasher;
    private readonly SemaphoreSlim slots = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly Lazy<string> dummyHash;

    public Passwords(IOptions<AccountOptions> options)
    {
        hasher = new PasswordHasher<User>(Options.Create(new PasswordHasherOptions
        {
            IterationCount = options.Value.PasswordHashIterations,
        }));
        dummyHash = new Lazy<string>(() => hasher.HashPassword(null!, Convert.ToBase64String(Guid.NewGuid().ToByteArray())));
    }

    public async Task<string> HashAsync(string password, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return hasher.HashPassword(null!, password);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>
    /// Verifies <paramref name="password"/> against <paramref name="user"/>'s hash, or against the dummy when
    /// <paramref name="user"/> is null (then always <see cref="PasswordVerificationResult.Failed"/>).
    /// </summary>
    public async Task<PasswordVerificationResult> VerifyAsync(User? user, string password, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            if (user is not null && BcryptHashes.IsBcrypt(user.PasswordHash))
            {
                return BcryptHashes.Verify(password, user.PasswordHash)
                    ? PasswordVerificationResult.SuccessRehashNeeded
                    : PasswordVerificationResult.Failed;
            }

            var result = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? dummyHash.Value, password);
            return user is null ? PasswordVerificationResult.Failed : result;
        }
        catch (FormatException)
        {
            // A corrupt stored hash must not become a 500 that tells the caller this account is special.
            return PasswordVerificationResult.Failed;
        }
        finally
        {
            slots.Release();
        }
    }
}
