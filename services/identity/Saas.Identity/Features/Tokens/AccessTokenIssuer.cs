using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Saas.Identity.Features.Accounts;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Identity.Features.Tokens;

/// <summary>Signs access tokens: RS256 JWTs with a <c>kid</c>, <c>typ</c> <c>at+jwt</c>, the configured issuer and audience.</summary>
public sealed class AccessTokenIssuer(
    SigningKeyRing keys, IOptions<TokenOptions> options, IOptions<JwtValidationOptions> jwt, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>A token for <paramref name="user"/>'s session <paramref name="sessionId"/>, carrying the user's roles.</summary>
    public Task<IssuedToken> IssueAsync(User user, string sessionId, CancellationToken cancellationToken) =>
        IssueAsync(user, sessionId, actor: null, options.Value.AccessTokenLifetime, cancellationToken);

    /// <summary>
    /// A short token to act as <paramref name="user"/>, recording <paramref name="staff"/> in the <c>act</c>
    /// claim. It carries no roles (staff powers do not travel into the user's account) and no session, so it
    /// cannot be refreshed.
    /// </summary>
    public Task<IssuedToken> IssueImpersonationAsync(User user, string staff, CancellationToken cancellationToken) =>
        IssueAsync(user, sessionId: null, staff, options.Value.ImpersonationTokenLifetime, cancellationToken);

    private async Task<IssuedToken> IssueAsync(User user, string? sessionId, string? actor, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var key = await keys.GetSigningKeyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [SaasClaims.Subject] = user.Id,
            [SaasClaims.Email] = user.Email,
            [SaasClaims.TokenId] = Guid.NewGuid().ToString("N"),
        };
        if (sessionId is not null)
        {
            claims[SaasClaims.SessionId] = sessionId;
        }

        if (actor is not null)
        {
            claims[SaasClaims.Actor] = new Dictionary<string, object> { [SaasClaims.Subject] = actor };
        }
        else if (user.Roles.Count > 0)
        {
            claims[SaasClaims.Role] = user.Roles.ToArray();
        }

        var expires = now + lifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Value.Issuer,
            Audience = jwt.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            TokenType = JwtValidationOptions.AccessTokenType,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        return new IssuedToken(token, expires);
    }
}

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
