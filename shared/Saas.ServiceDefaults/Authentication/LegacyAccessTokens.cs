using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>
/// Checks saasbackend's access tokens (HS256, <c>JWT_ACCESS_SECRET</c>, user id in <c>userId</c>) during the transition
/// window of <see cref="JwtValidationOptions.LegacyAccessTokensUntil"/>. The signature is checked here by hand, not
/// by the token library: saasbackend's secrets are often shorter than the 256 bits the library insists on, and doing
/// it here keeps HS256 confined to this one key — our own validation stays pinned to RS256, so no token can choose
/// its verification (an "HS256" token MACed with our public key meets this secret and fails).
/// </summary>
internal sealed class LegacyAccessTokens(IOptions<JwtValidationOptions> options, TimeProvider time)
{
    /// <summary>The authentication type of principals made from saasbackend tokens (for logs and support).</summary>
    public const string AuthenticationType = "saasbackend";

    /// <summary>The claim names saasbackend-era servers put the user id in, most likely first.</summary>
    private static readonly string[] UserIdClaims = ["userId", "id", "_id", "sub"];

    public enum Outcome { NotLegacy, Accepted, Refused }

    /// <summary>
    /// <see cref="Outcome.NotLegacy"/> for anything whose header does not say HS256 (our RS256 path handles and
    /// refuses it); otherwise accepted with the principal, or refused (window closed, not opted in, bad signature,
    /// expired, no user id).
    /// </summary>
    public (Outcome Outcome, ClaimsPrincipal? Principal) Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || ReadJson(parts[0]) is not { } header ||
            !header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
        {
            return (Outcome.NotLegacy, null);
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        if (!settings.AcceptsLegacyTokensAt(now) || !SignatureMatches(parts, settings.LegacyAccessSecret!) ||
            ReadJson(parts[1]) is not { ValueKind: JsonValueKind.Object } payload)
        {
            return (Outcome.Refused, null);
        }

        // jsonwebtoken always writes exp for expiresIn; a token without one would never expire, so it is refused.
        if (!Seconds(payload, "exp", out var expires) || now >= expires + settings.ClockSkew ||
            (Seconds(payload, "nbf", out var notBefore) && notBefore > now + settings.ClockSkew) ||
            UserIdOf(payload) is not { } userId)
        {
            return (Outcome.Refused, null);
        }

        // Only the user id is carried over: a saasbackend token never grants a staff role here.
        var identity = new ClaimsIdentity(
            [new Claim(SaasClaims.Subject, userId)], AuthenticationType, SaasClaims.Subject, SaasClaims.Role);
        if (payload.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String)
        {
            identity.AddClaim(new Claim(SaasClaims.Email, email.GetString()!));
        }

        return (Outcome.Accepted, new ClaimsPrincipal(identity));
    }

    private static bool SignatureMatches(string[] parts, string secret)
    {
        byte[] given;
        try
        {
            given = Base64UrlEncoder.DecodeBytes(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string? UserIdOf(JsonElement payload)
    {
        foreach (var name in UserIdClaims)
        {
            if (payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
                value.GetString() is { Length: > 0 and <= 128 } id)
            {
                return id;
            }
        }

        return null;
    }

    private static bool Seconds(JsonElement payload, string name, out DateTimeOffset at)
    {
        at = default;
        if (!payload.TryGetProperty(name, out var value) || !value.TryGetInt64(out var seconds) ||
            seconds is < 0 or > 253402300799)
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static JsonElement? ReadJson(string segment)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(segment));
            return document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
