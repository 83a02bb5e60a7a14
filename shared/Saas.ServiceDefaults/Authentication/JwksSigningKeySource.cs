using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>
/// Reads identity's <c>/.well-known/jwks.json</c> through the named client (resilience handler, service discovery)
/// and, when <see cref="JwtValidationOptions.JwksSignatureKey"/> is set, refuses a body identity did not sign.
/// </summary>
internal sealed class JwksSigningKeySource(IHttpClientFactory clients, IOptionsMonitor<JwtValidationOptions> options)
    : ISigningKeySource
{
    public async Task<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var client = clients.CreateClient(JwtValidationExtensions.JwksHttpClientName);
        using var response = await client.GetAsync(settings.JwksUri, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (settings.JwksSignatureKey is { Length: > 0 } key
            && !JwksSignature.Verify(body, response.Headers.TryGetValues(JwksSignature.HeaderName, out var values) ? values.FirstOrDefault() : null, key))
        {
            // The signing key cache logs this and keeps the keys it already trusts.
            throw new SecurityTokenException(
                $"The JWKS from {settings.JwksUri} is not signed with the internal API key ({JwksSignature.HeaderName} missing or wrong): refused. " +
                "Check that identity's Identity:InternalApiKey and this service's ApiKeys:IdentityApiKey are the same secret.");
        }

        var keys = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(body)).GetSigningKeys();
        return [.. keys.Where(k => !string.IsNullOrEmpty(k.KeyId))];
    }
}
