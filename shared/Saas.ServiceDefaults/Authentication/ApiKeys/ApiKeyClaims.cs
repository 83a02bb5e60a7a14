using System.Security.Claims;

namespace Saas.ServiceDefaults.Authentication.ApiKeys;

/// <summary>Claims of a principal authenticated by an API key (beside <c>sub</c>, the key's owner).</summary>
public static class ApiKeyClaims
{
    /// <summary>The key's id (not its secret): present only on key principals.</summary>
    public const string KeyId = "api_key_id";

    /// <summary>One claim per scope the key holds.</summary>
    public const string Scope = "scope";

    /// <summary>The id of the API key the request came with, or null for an access token.</summary>
    public static string? GetApiKeyId(this ClaimsPrincipal principal) => principal.FindFirst(KeyId)?.Value;
}

/// <summary>A key identity knows and has not revoked.</summary>
public sealed record VerifiedApiKey(string KeyId, string UserId, IReadOnlyList<string> Scopes);

/// <summary>Looks a key up by its hash (<see cref="ApiKeyFormat.Hash"/>): null when unknown or revoked.</summary>
public interface IApiKeyVerifier
{
    Task<VerifiedApiKey?> VerifyAsync(string keyHash, CancellationToken cancellationToken);
}
