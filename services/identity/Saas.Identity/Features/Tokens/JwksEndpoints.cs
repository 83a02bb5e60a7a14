using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;

namespace Saas.Identity.Features.Tokens;

public static class JwksEndpoints
{
    public static IEndpointRouteBuilder MapJwksEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/jwks.json", GetJwks)
            .WithTags("Tokens")
            .WithSummary("The public keys access tokens are signed with (RFC 7517).");
        return routes;
    }

    public static async Task<Ok<JwksResponse>> GetJwks(SigningKeyRing ring, HttpResponse response, CancellationToken cancellationToken)
    {
        var keys = await ring.GetPublishedKeysAsync(cancellationToken);
        // Short: after a rotation, services that see an unknown kid fetch again anyway.
        response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Ok(new JwksResponse([.. keys.Select(ToJwk)]));
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
