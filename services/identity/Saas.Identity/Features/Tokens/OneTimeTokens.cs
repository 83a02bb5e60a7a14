using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Saas.Identity.Storage;
using Saas.Storage;

namespace Saas.Identity.Features.Tokens;

/// <summary>A single-use token (password reset, e-mail verification), stored only as its SHA-256 hash.</summary>
public sealed class OneTimeToken : IDocument
{
    /// <summary>The SHA-256 of the token (base64url): finding a token is a lookup by id, and the store never holds one that works.</summary>
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string UserId { get; set; } = "";

    public string Purpose { get; set; } = "";

    /// <summary>For e-mail verification: the address the token proves (a later change of address voids it).</summary>
    public string? Email { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class OneTimeTokens(IdentityStore store, TimeProvider time)
{
    public const string PasswordReset = "password-reset";
    public const string EmailVerification = "email-verification";

    /// <summary>Confirms a pending e-mail change: <see cref="OneTimeToken.Email"/> is the new address.</summary>
    public const string EmailChange = "email-change";

    /// <summary>Creates a token for <paramref name="userId"/>, voiding the user's earlier ones of the same purpose.</summary>
    public async Task<string> CreateAsync(string userId, string purpose, TimeSpan lifetime, string? email, CancellationToken cancellationToken)
    {
        await store.OneTimeTokens.DeleteManyAsync(t => t.UserId == userId && t.Purpose == purpose, cancellationToken);
        var token = NewToken();
        var now = time.GetUtcNow();
        await store.OneTimeTokens.InsertAsync(new OneTimeToken
        {
            Id = Hash(token), UserId = userId, Purpose = purpose, Email = email, CreatedAt = now, ExpiresAt = now + lifetime,
        }, cancellationToken);
        return token;
    }

    /// <summary>Voids every outstanding token of <paramref name="purpose"/> for <paramref name="userId"/>.</summary>
    public Task VoidAsync(string userId, string purpose, CancellationToken cancellationToken) =>
        store.OneTimeTokens.DeleteManyAsync(t => t.UserId == userId && t.Purpose == purpose, cancellationToken);

    /// <summary>
    /// Uses up <paramref name="token"/>: returns its record if it exists, has this purpose and has not expired.
    /// Deleting is the claim, so two concurrent uses cannot both succeed.
    /// </summary>
    public async Task<OneTimeToken?> ConsumeAsync(string token, string purpose, CancellationToken cancellationToken)
    {
        var record = await store.OneTimeTokens.GetAsync(Hash(token), cancellationToken);
        if (record is null || record.Purpose != purpose || !await store.OneTimeTokens.DeleteAsync(record.Id, cancellationToken))
        {
            return null;
        }

        return record.ExpiresAt > time.GetUtcNow() ? record : null;
    }

    /// <summary>32 random bytes, base64url: 256 bits, unguessable.</summary>
    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
