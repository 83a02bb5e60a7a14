using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Saas.Identity.Tests.Features.Migration;

/// <summary>An access token as saasbackend's <c>jsonwebtoken</c> signs it: HS256, <c>{ userId, iat, exp }</c>.</summary>
internal static class SaasBackendToken
{
    public static string Sign(string secret, string userId, DateTimeOffset issuedAt, TimeSpan? lifetime = null, string alg = "HS256")
    {
        var payload = new Dictionary<string, object>
        {
            ["userId"] = userId,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = issuedAt.Add(lifetime ?? TimeSpan.FromMinutes(15)).ToUnixTimeSeconds(),
        };
        var input = $"{Encode(new Dictionary<string, object> { ["alg"] = alg, ["typ"] = "JWT" })}.{Encode(payload)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input));
        return $"{input}.{WebEncoders.Base64UrlEncode(signature)}";
    }

    private static string Encode(object value) => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(value));
}
