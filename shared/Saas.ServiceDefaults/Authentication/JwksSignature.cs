using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>
/// Identity signs its JWKS body with a key derived from the shared internal API key, and services verify it, because
/// the JWKS travels over plain http inside a cluster: whoever answers on identity's address (a spoofed Service, a
/// poisoned DNS entry) could otherwise hand every service its own public keys and mint tokens they would accept.
/// </summary>
/// <remarks>
/// HMAC-SHA256 over the exact body bytes, with a key derived by HKDF so the API key itself never keys a MAC.
/// An old, genuine JWKS replayed by an attacker only holds identity's own public keys, so no timestamp is needed.
/// </remarks>
public static class JwksSignature
{
    /// <summary>The response header carrying the signature.</summary>
    public const string HeaderName = "X-Jwks-Signature";

    private const string Version = "v1=";
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("saas jwks signature v1");

    /// <summary>The header value for <paramref name="body"/>, signed with a key derived from <paramref name="internalApiKey"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string internalApiKey) =>
        Version + Base64UrlEncoder.Encode(HMACSHA256.HashData(DeriveKey(internalApiKey), body));

    /// <summary>Whether <paramref name="header"/> is a valid signature of <paramref name="body"/> (constant time).</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string? header, string internalApiKey)
    {
        if (header is null || !header.StartsWith(Version, StringComparison.Ordinal))
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Base64UrlEncoder.DecodeBytes(header[Version.Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(DeriveKey(internalApiKey), body), presented);
    }

    private static byte[] DeriveKey(string internalApiKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(internalApiKey), 32, salt: [], info: Purpose);
}
