using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Saas.Identity.Features.Tokens;

namespace Saas.Identity.Tests;

/// <summary>Forged and hand-made tokens for the negative tests.</summary>
internal static class TestTokens
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
    /// The same claims signed with HS256 using the public key's bytes as the secret: the classic algorithm
    /// confusion attack against validators that let the token choose the algorithm.
    /// </summary>
    public static string Hs256WithPublicKey(string token, string modulus)
    {
        var header = Header(token);
        header["alg"] = "HS256";
        var signingInput = $"{Encode(header)}.{token.Split('.')[1]}";
        var signature = HMACSHA256.HashData(WebEncoders.Base64UrlDecode(modulus), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{WebEncoders.Base64UrlEncode(signature)}";
    }

    /// <summary>A token signed with identity's real current key, with whatever claims and times the test wants.</summary>
    public static async Task<string> MintAsync(
        IServiceProvider services, IDictionary<string, object> claims, DateTime issuedAt, DateTime expires,
        string issuer = "saas-identity", string audience = "saas", string type = "at+jwt")
    {
        var key = await services.GetRequiredService<SigningKeyRing>().GetSigningKeyAsync(CancellationToken.None);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            Claims = claims,
            TokenType = type,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static JsonObject Decode(string part) =>
        JsonNode.Parse(WebEncoders.Base64UrlDecode(part))!.AsObject();

    private static string Encode(JsonObject json) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(json.ToJsonString(JsonSerializerOptions.Default)));
}
