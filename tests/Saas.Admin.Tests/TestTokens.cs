using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Admin.Tests;

/// <summary>
/// Access tokens as identity issues them (RS256, <c>kid</c>, <c>typ</c> <c>at+jwt</c>, issuer <c>saas-identity</c>,
/// audience <c>saas</c>, one <c>role</c> claim per staff role), signed with a key <see cref="TestSigningKeys"/>
/// hands to admin in place of identity's JWKS.
/// </summary>
public static class TestTokens
{
    private static readonly Lazy<RsaSecurityKey> Key = new(() => new RsaSecurityKey(RSA.Create(2048)) { KeyId = "admin-tests" });

    public static SecurityKey PublicKey => Key.Value;

    public static string For(string userId, string? role = null, string? actor = null)
    {
        var claims = new Dictionary<string, object>
        {
            [SaasClaims.Subject] = userId,
            [SaasClaims.Email] = $"{userId}@example.com",
            [SaasClaims.TokenId] = Guid.NewGuid().ToString("N"),
        };
        if (role is not null)
        {
            claims[SaasClaims.Role] = role;
        }

        if (actor is not null)
        {
            claims[SaasClaims.Actor] = new Dictionary<string, object> { ["sub"] = actor };
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "saas-identity",
            Audience = "saas",
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddMinutes(15),
            TokenType = JwtValidationOptions.AccessTokenType,
            Claims = claims,
            SigningCredentials = new SigningCredentials(Key.Value, SecurityAlgorithms.RsaSha256),
        });
    }
}

public sealed class TestSigningKeys : ISigningKeySource
{
    public Task<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SecurityKey>>([TestTokens.PublicKey]);
}
