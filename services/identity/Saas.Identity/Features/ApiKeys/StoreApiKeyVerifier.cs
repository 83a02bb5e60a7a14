using Saas.Identity.Storage;
using Saas.ServiceDefaults.Authentication.ApiKeys;

namespace Saas.Identity.Features.ApiKeys;

/// <summary>
/// Identity checks keys in its own store on every request, uncached: a revoked key (or one whose owner was deleted)
/// is refused here from the moment the revocation is written.
/// </summary>
public sealed class StoreApiKeyVerifier(ApiKeyStore keys, IdentityStore identity) : IApiKeyVerifier
{
    public async Task<VerifiedApiKey?> VerifyAsync(string keyHash, CancellationToken cancellationToken)
    {
        var found = await keys.Keys.FindAsync(k => k.Hash == keyHash, new() { Take = 1 }, cancellationToken);
        if (found is not [{ RevokedAt: null } key] || await identity.Users.GetAsync(key.UserId, cancellationToken) is null)
        {
            return null;
        }

        return new VerifiedApiKey(key.Id, key.UserId, key.Scopes);
    }
}
