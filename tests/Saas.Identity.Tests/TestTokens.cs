using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Saas.Identity.Features.Tokens;
using Saas.Testing.BadInput;

namespace Saas.Identity.Tests;

/// <summary>Forged (see <see cref="ForgedTokens"/>, shared by every service's tests) and hand-made tokens for the negative tests.</summary>
internal static class TestTokens
{
    public static JsonObject Header(string token) => ForgedTokens.Header(token);

    public static JsonObject Payload(string token) => ForgedTokens.Payload(token);

    public static string Tampered(string token) => ForgedTokens.Tampered(token);

    public static string AlgNone(string token) => ForgedTokens.AlgNone(token);

    public static string Hs256WithPublicKey(string token, string modulus) => ForgedTokens.Hs256WithPublicKey(token, modulus);

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
}
