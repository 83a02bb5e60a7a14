using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Saas.Testing.BadInput;

/// <summary>Tokens an attacker makes from a valid one, for the negative tests of every service.</summary>
public static class ForgedTokens
{
    public static JsonObject Header(string token) => Decode(token.Split('.')[0]);

    public static JsonObject Payload(string token) => Decode(token.Split('.')[1]);

    /// <summary>The payload changed (another subject), the signature kept.</summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Payload(token);
        payload["sub"] = "000000000000000000000000";
        return $"{parts[0]}.{Encode(payload)}.{parts[2]}";
    }

    /// <summary>The same claims, unsigned, with <c>alg: none</c>.</summary>
    public static string AlgNone(string token)
    {
        var header = Header(token);
        header["alg"] = "none";
        return $"{Encode(header)}.{token.Split('.')[1]}.";
    }

    /// <summary>
    /// The same claims signed with HS256 using the public key's modulus (base64url, as the JWKS publishes it) as the
    /// secret: the algorithm confusion attack against validators that let the token choose the algorithm.
    /// </summary>
    public static string Hs256WithPublicKey(string token, string modulus)
    {
        var header = Header(token);
        header["alg"] = "HS256";
        var signingInput = $"{Encode(header)}.{token.Split('.')[1]}";
        var signature = HMACSHA256.HashData(Base64UrlEncoder.DecodeBytes(modulus), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>
    /// The forgeries every service must refuse, made from <paramref name="valid"/>; <paramref name="expired"/> is a
    /// correctly signed token whose lifetime has ended, <paramref name="modulus"/> the signing key's public modulus.
    /// </summary>
    public static Dictionary<string, string> AllFrom(string valid, string expired, string modulus) => new()
    {
        ["a tampered token"] = Tampered(valid),
        ["an expired token"] = expired,
        ["alg none"] = AlgNone(valid),
        ["HS256 with the public key"] = Hs256WithPublicKey(valid, modulus),
        ["garbage"] = "not.a.jwt",
    };

    /// <summary>The modulus of <see cref="TestTokens.PublicKey"/>, for services tested with <see cref="TestTokens"/>.</summary>
    public static string TestKeyModulus() =>
        Base64UrlEncoder.Encode(((RsaSecurityKey)TestTokens.PublicKey).Rsa.ExportParameters(false).Modulus!);

    private static JsonObject Decode(string part) =>
        JsonNode.Parse(Base64UrlEncoder.DecodeBytes(part))!.AsObject();

    private static string Encode(JsonObject json) =>
        Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString(JsonSerializerOptions.Default)));
}
