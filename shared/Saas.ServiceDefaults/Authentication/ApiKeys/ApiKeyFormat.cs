using System.Security.Cryptography;
using System.Text;

namespace Saas.ServiceDefaults.Authentication.ApiKeys;

/// <summary>
/// What an API key looks like: <c>sk_</c> and 43 characters of base64url (256 random bits). Only its SHA-256 is stored;
/// a key that high in entropy needs no slow hash, and a lookup by hash stays one index seek.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>Every key starts with this, which is how a Bearer credential is told from an access token.</summary>
    public const string Prefix = "sk_";

    /// <summary>How many leading characters of a key are kept in the clear, to tell keys apart in a list.</summary>
    public const int DisplayLength = 11;

    private const int SecretBytes = 32;

    /// <summary>A fresh key; the caller shows it once and stores only <see cref="Hash"/>.</summary>
    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>Lowercase hex SHA-256 of the key, as stored and as looked up.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The part of a key that lists may show (<c>sk_</c> and 8 characters).</summary>
    public static string DisplayPrefix(string key) => key[..Math.Min(DisplayLength, key.Length)];

    /// <summary>Shape only (prefix and length): anything else is not worth a lookup.</summary>
    public static bool LooksLikeKey(string? value) =>
        value is { Length: > 20 and < 200 } && value.StartsWith(Prefix, StringComparison.Ordinal);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
