using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>
/// JwtBearer's token handler with <see cref="ValidatedTokenCache"/> in front: a token validated before is accepted
/// again without parsing or signature check while it is within its lifetime and its key is still in force.
/// </summary>
internal sealed class CachingJsonWebTokenHandler(ValidatedTokenCache cache) : JsonWebTokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (cache.TryGet(token, out var entry))
        {
            if (StillValid(entry, validationParameters))
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = entry.Token,
                    // A copy per request: claims transformation or a handler may add claims to the identity it gets.
                    ClaimsIdentity = entry.Identity.Clone(),
                    Issuer = entry.Issuer,
                };
            }

            // Expired or signed by a key no longer in force: validate in full, which gives the usual failure.
            cache.Remove(token);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken { SigningKey: { } key } validated && result.ClaimsIdentity is { } identity)
        {
            cache.Add(token, new ValidatedTokenCache.Entry(validated, identity.Clone(), key, result.Issuer));
        }

        return result;
    }

    private static bool StillValid(ValidatedTokenCache.Entry entry, TokenValidationParameters parameters)
    {
        if (!KeyInForce(entry.SigningKey, parameters))
        {
            return false;
        }

        // The same lifetime rule as a full validation (ConfigureJwtBearer's, on the service's TimeProvider).
        return parameters.LifetimeValidator is { } lifetime
            ? lifetime(entry.NotBefore, entry.Expires, entry.Token, parameters)
            : entry.Expires is { } expires && DateTime.UtcNow < expires + parameters.ClockSkew &&
              (entry.NotBefore is not { } notBefore || notBefore <= DateTime.UtcNow + parameters.ClockSkew);
    }

    private static bool KeyInForce(SecurityKey key, TokenValidationParameters parameters)
    {
        if (ReferenceEquals(parameters.IssuerSigningKey, key))
        {
            return true;
        }

        foreach (var candidate in parameters.IssuerSigningKeys ?? [])
        {
            if (ReferenceEquals(candidate, key))
            {
                return true;
            }
        }

        return false;
    }
}
