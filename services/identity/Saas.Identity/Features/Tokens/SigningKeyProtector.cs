using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Saas.Identity.Features.Tokens;

/// <summary>
/// Encrypts a signing key's private part before it is stored (AES-256-GCM, the key id as associated data so a sealed
/// key cannot be moved to another record). The AES key is derived (HKDF-SHA256) from
/// <see cref="TokenOptions.SigningKeyEncryptionSecret"/>, a secret kept outside identity's store: every replica gets
/// the same one from its Secret, so they all read each other's keys, and whoever copies the store alone cannot sign.
/// Without the secret (Development only; refused at start elsewhere) keys are stored as plain PKCS#8, as before.
/// </summary>
public sealed class SigningKeyProtector
{
    private const string Prefix = "aesgcm1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("Saas.Identity signing keys at rest v1");

    private readonly byte[]? key;

    public SigningKeyProtector(IOptions<TokenOptions> options)
    {
        var secret = options.Value.SigningKeyEncryptionSecret;
        key = string.IsNullOrEmpty(secret)
            ? null
            : HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: Info);
    }

    /// <summary>Whether stored keys are encrypted (a secret is configured).</summary>
    public bool Encrypts => key is not null;

    /// <summary>Whether <paramref name="stored"/> is still in the readable form a new record would not use.</summary>
    public bool NeedsRewrite(SigningKey stored) => Encrypts && stored.PrivateKeyProtected.Length == 0;

    /// <summary>Sets the stored private part of <paramref name="record"/> from <paramref name="pkcs8"/>.</summary>
    public void Seal(SigningKey record, byte[] pkcs8)
    {
        if (key is null)
        {
            record.PrivateKeyPkcs8 = Convert.ToBase64String(pkcs8);
            record.PrivateKeyProtected = "";
            return;
        }

        var sealedKey = new byte[NonceSize + TagSize + pkcs8.Length];
        var nonce = sealedKey.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, pkcs8, sealedKey.AsSpan(NonceSize + TagSize), sealedKey.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(record.Id));
        record.PrivateKeyProtected = Prefix + Convert.ToBase64String(sealedKey);
        record.PrivateKeyPkcs8 = "";
    }

    /// <summary>The PKCS#8 private key of <paramref name="record"/>, sealed or (from before encryption) plain.</summary>
    public byte[] Open(SigningKey record)
    {
        if (record.PrivateKeyProtected.Length == 0)
        {
            return Convert.FromBase64String(record.PrivateKeyPkcs8);
        }

        if (key is null || !record.PrivateKeyProtected.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Signing key {record.Id} is stored encrypted and {TokenOptions.SectionName}:{nameof(TokenOptions.SigningKeyEncryptionSecret)} is not set");
        }

        var sealedKey = Convert.FromBase64String(record.PrivateKeyProtected[Prefix.Length..]);
        var pkcs8 = new byte[sealedKey.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(sealedKey.AsSpan(0, NonceSize), sealedKey.AsSpan(NonceSize + TagSize), sealedKey.AsSpan(NonceSize, TagSize), pkcs8,
                Encoding.UTF8.GetBytes(record.Id));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidOperationException(
                $"Signing key {record.Id} does not decrypt with {TokenOptions.SectionName}:{nameof(TokenOptions.SigningKeyEncryptionSecret)}: " +
                "every identity replica needs the secret the key was stored with", e);
        }

        return pkcs8;
    }
}
