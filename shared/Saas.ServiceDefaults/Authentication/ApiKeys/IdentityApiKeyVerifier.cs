using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Saas.ServiceDefaults.Authentication.ApiKeys;

/// <summary>
/// Asks identity, which owns the keys, over its internal API (<c>GET /internal/identity/api-keys/{hash}</c> with the
/// internal API key), and remembers each answer — found or not — for <see cref="ApiKeyOptions.CacheSeconds"/>. That is
/// the bound on how long a revoked key still works here; identity itself refuses it at once.
/// </summary>
internal sealed class IdentityApiKeyVerifier(IHttpClientFactory clients, IOptions<ApiKeyOptions> options) : IApiKeyVerifier, IDisposable
{
    // Its own cache with a size cap: a flood of made-up keys evicts entries instead of growing memory.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    public const string HttpClientName = "saas-api-keys";

    public async Task<VerifiedApiKey?> VerifyAsync(string keyHash, CancellationToken cancellationToken)
    {
        var cacheKey = "saas-api-key:" + keyHash;
        if (cache.TryGetValue(cacheKey, out VerifiedApiKey? known))
        {
            return known;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/identity/api-keys/{keyHash}");
        if (options.Value.IdentityApiKey is { Length: > 0 } internalKey)
        {
            request.Headers.Add(Security.InternalApiKeyExtensions.HeaderName, internalKey);
        }

        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        VerifiedApiKey? verified = response.StatusCode switch
        {
            HttpStatusCode.OK => await response.Content.ReadFromJsonAsync<VerifiedApiKey>(cancellationToken),
            HttpStatusCode.NotFound => null,
            // Anything else (401: the internal key is wrong) is not an answer about the key: never cached.
            _ => throw new HttpRequestException($"identity answered {(int)response.StatusCode} to an API key lookup"),
        };

        if (options.Value.CacheSeconds == 0)
        {
            return verified; // caching off: every request asks identity
        }

        using (var entry = cache.CreateEntry(cacheKey))
        {
            entry.Value = verified;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        }

        return verified;
    }

    public void Dispose() => cache.Dispose();
}
