using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Saas.Identity.Storage;
using Saas.ServiceDefaults.Authentication;
using Saas.Storage;

namespace Saas.Identity.Features.Tokens;

/// <summary>
/// Identity's signing keys. The newest key whose lifetime has not ended signs; when none has, a new one is
/// created. Retired keys stay published (JWKS, and identity's own validation) until every token they signed has
/// expired. Identity validates against this ring directly: no HTTP call to itself.
/// </summary>
public sealed class SigningKeyRing(
    IdentityStore store,
    SigningKeyProtector protector,
    IOptions<TokenOptions> options,
    IOptions<JwtValidationOptions> jwt,
    TimeProvider time,
    ILogger<SigningKeyRing> logger) : ISigningKeySource
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConcurrentDictionary<string, RsaSecurityKey> parsed = new(StringComparer.Ordinal);
    private volatile SigningKey? active;

    /// <summary>The key to sign with now, with its <c>kid</c>.</summary>
    public async Task<RsaSecurityKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        var key = active;
        if (key is null || time.GetUtcNow() >= key.RetiresAt)
        {
            key = await EnsureActiveKeyAsync(cancellationToken);
        }

        return Parse(key);
    }

    /// <summary>Loads the keys from the store and creates a new signing key when none is active.</summary>
    public async Task<SigningKey> EnsureActiveKeyAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var current = (await LoadAsync(cancellationToken)).FirstOrDefault(k => k.CreatedAt <= now && now < k.RetiresAt);
            if (current is null)
            {
                current = await CreateAsync(now, cancellationToken);
            }

            // Decrypt now: a replica with another secret fails at start, naming the setting, not at its first sign-in.
            Parse(current);
            active = current;
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Public keys of every key that may have signed a token still valid, newest first (read from the store, so replicas agree).</summary>
    public async Task<IReadOnlyList<RsaSecurityKey>> GetPublishedKeysAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = (await LoadAsync(cancellationToken)).Where(k => now < k.PublishedUntil).ToList();
        if (!keys.Any(k => k.CreatedAt <= now && now < k.RetiresAt))
        {
            // The signing key retired and nobody has signed since: rotate now so the JWKS is never empty.
            await EnsureActiveKeyAsync(cancellationToken);
            keys = (await LoadAsync(cancellationToken)).Where(k => now < k.PublishedUntil).ToList();
        }

        return [.. keys.Select(k => PublicPart(Parse(k)))];
    }

    async Task<IReadOnlyList<SecurityKey>> ISigningKeySource.GetSigningKeysAsync(CancellationToken cancellationToken) =>
        await GetPublishedKeysAsync(cancellationToken);

    private async Task<List<SigningKey>> LoadAsync(CancellationToken cancellationToken)
    {
        var keys = await store.SigningKeys.FindAsync(_ => true, cancellationToken: cancellationToken);
        foreach (var key in keys.Where(protector.NeedsRewrite))
        {
            await EncryptStoredAsync(key, cancellationToken);
        }

        return [.. keys.OrderByDescending(k => k.CreatedAt)];
    }

    /// <summary>A key stored before encryption (or without a secret) is rewritten encrypted the first time it is read.</summary>
    private async Task EncryptStoredAsync(SigningKey key, CancellationToken cancellationToken)
    {
        protector.Seal(key, protector.Open(key));
        try
        {
            await store.SigningKeys.ReplaceAsync(key, cancellationToken);
            logger.LogInformation("Signing key {KeyId} was stored unencrypted; rewrote it encrypted", key.Id);
        }
        catch (ConcurrencyConflictException)
        {
            // Another replica rewrote it first; this copy in memory still holds the same private key.
        }
    }

    private async Task<SigningKey> CreateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(options.Value.SigningKeySize);
        var retiresAt = now + options.Value.SigningKeyLifetime;
        var key = new SigningKey
        {
            Id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12)),
            CreatedAt = now,
            RetiresAt = retiresAt,
            PublishedUntil = retiresAt + options.Value.LongestTokenLifetime + jwt.Value.ClockSkew,
        };
        protector.Seal(key, rsa.ExportPkcs8PrivateKey());
        await store.SigningKeys.InsertAsync(key, cancellationToken);
        logger.LogInformation("Created signing key {KeyId}, signing until {RetiresAt:o}", key.Id, key.RetiresAt);
        return key;
    }

    private RsaSecurityKey Parse(SigningKey key) => parsed.GetOrAdd(key.Id, kid =>
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(protector.Open(key), out _);
        return new RsaSecurityKey(rsa) { KeyId = kid };
    });

    private static RsaSecurityKey PublicPart(RsaSecurityKey key) =>
        new(key.Rsa.ExportParameters(includePrivateParameters: false)) { KeyId = key.KeyId };
}
