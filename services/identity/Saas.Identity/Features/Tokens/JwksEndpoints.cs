using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Saas.Identity.Features.Accounts;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Identity.Features.Tokens;

public static class JwksEndpoints
{
    public static IEndpointRouteBuilder MapJwksEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/jwks.json", GetJwks)
            .WithTags("Tokens")
            .Produces<JwksResponse>(contentType: "application/json")
            .WithSummary("The public keys access tokens are signed with (RFC 7517), signed for the services in X-Jwks-Signature.");
        return routes;
    }

    public static async Task<FileContentHttpResult> GetJwks(
        SigningKeyRing ring, IOptions<AccountOptions> accounts, HttpResponse response, CancellationToken cancellationToken)
    {
        var keys = await ring.GetPublishedKeysAsync(cancellationToken);
        // Serialized here, not by the framework: the signature covers these exact bytes.
        var body = JsonSerializer.SerializeToUtf8Bytes(new JwksResponse([.. keys.Select(ToJwk)]), JsonSerializerOptions.Web);
        if (accounts.Value.InternalApiKey is { Length: > 0 } internalApiKey)
        {
            response.Headers[JwksSignature.HeaderName] = JwksSignature.Sign(body, internalApiKey);
        }

        // Short: after a rotation, services that see an unknown kid fetch again anyway.
        response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Bytes(body, "application/json");
    }

    private static PublicJwk ToJwk(RsaSecurityKey key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        return new PublicJwk(jwk.Kty, "sig", key.KeyId, SecurityAlgorithms.RsaSha256, jwk.N, jwk.E);
    }
}

/// <summary>Only public members: no private key parameter can slip into the document.</summary>
public sealed record JwksResponse(IReadOnlyList<PublicJwk> Keys);

public sealed record PublicJwk(string Kty, string Use, string Kid, string Alg, string N, string E);
