using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Testing;

/// <summary>
/// Access tokens as identity issues them (RS256, <c>kid</c>, <c>typ</c> <c>at+jwt</c>, issuer <c>saas-identity</c>,
/// audience <c>saas</c>), signed with a test key that <see cref="TestSigningKeys"/> hands to a service in place of
/// identity's JWKS — for testing one service without identity running.
/// </summary>
public static class TestTokens
{
    // One RSA key per test run: generating one costs up to a second on these machines.
    private static readonly Lazy<RsaSecurityKey> Key = new(() => new RsaSecurityKey(RSA.Create(2048)) { KeyId = "service-tests" });

    public static SecurityKey PublicKey => Key.Value;

    /// <param name="userId">The subject.</param>
    /// <param name="role">A staff role claim (<c>admin</c>, <c>support</c>), if any.</param>
    /// <param name="actor">The staff member acting behind an impersonation token (<c>act.sub</c>), if any.</param>
    /// <param name="email">The e-mail claim; <c>{userId}@example.com</c> when not given.</param>
    /// <param name="expires">Expiry; 15 minutes from now when not given.</param>
    public static string For(string userId, string? role = null, string? actor = null, string? email = null, DateTime? expires = null)
    {
        var claims = new Dictionary<string, object>
        {
            [SaasClaims.Subject] = userId,
            [SaasClaims.Email] = email ?? $"{userId}@example.com",
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
            Expires = expires ?? DateTime.UtcNow.AddMinutes(15),
            TokenType = JwtValidationOptions.AccessTokenType,
            Claims = claims,
            SigningCredentials = new SigningCredentials(Key.Value, SecurityAlgorithms.RsaSha256),
        });
    }
}

/// <summary>Registered in place of identity's JWKS: the service under test trusts <see cref="TestTokens"/>.</summary>
public sealed class TestSigningKeys : ISigningKeySource
{
    public Task<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SecurityKey>>([TestTokens.PublicKey]);
}
