using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Billing.Tests;

/// <summary>
/// Access tokens as identity issues them (RS256, <c>kid</c>, <c>typ</c> <c>at+jwt</c>, issuer <c>saas-identity</c>,
/// audience <c>saas</c>), signed with a test key that <see cref="TestSigningKeys"/> hands to billing in place of
/// identity's JWKS.
/// </summary>
public static class TestTokens
{
    // One RSA key per test run: generating one costs up to a second on these machines.
    private static readonly Lazy<RsaSecurityKey> Key = new(() => new RsaSecurityKey(RSA.Create(2048)) { KeyId = "billing-tests" });

    public static SecurityKey PublicKey => Key.Value;

    public static string For(string userId, string? email = null, DateTime? expires = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "saas-identity",
            Audience = "saas",
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(15),
            TokenType = JwtValidationOptions.AccessTokenType,
            Claims = new Dictionary<string, object>
            {
                [SaasClaims.Subject] = userId,
                [SaasClaims.Email] = email ?? $"{userId}@example.com",
                [SaasClaims.TokenId] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(Key.Value, SecurityAlgorithms.RsaSha256),
        });
}

public sealed class TestSigningKeys : ISigningKeySource
{
    public Task<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SecurityKey>>([TestTokens.PublicKey]);
}
