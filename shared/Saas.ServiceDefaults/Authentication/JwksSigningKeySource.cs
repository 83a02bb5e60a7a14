using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>Reads identity's <c>/.well-known/jwks.json</c> through the named client (resilience handler, service discovery).</summary>
internal sealed class JwksSigningKeySource(IHttpClientFactory clients, IOptionsMonitor<JwtValidationOptions> options)
    : ISigningKeySource
{
    public async Task<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(JwtValidationExtensions.JwksHttpClientName);
        var json = await client.GetStringAsync(options.CurrentValue.JwksUri, cancellationToken);
        var keys = new JsonWebKeySet(json).GetSigningKeys();
        return [.. keys.Where(k => !string.IsNullOrEmpty(k.KeyId))];
    }
}
