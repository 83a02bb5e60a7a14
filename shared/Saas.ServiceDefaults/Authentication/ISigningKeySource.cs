using Microsoft.IdentityModel.Tokens;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>
/// Where a service gets the public keys that access tokens are checked against: identity's JWKS over HTTP by
/// default; identity itself reads its own key ring instead of calling itself.
/// </summary>
public interface ISigningKeySource
{
    /// <summary>Every key a currently valid token may be signed with, each with its <c>kid</c>.</summary>
    Task<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(CancellationToken cancellationToken);
}
