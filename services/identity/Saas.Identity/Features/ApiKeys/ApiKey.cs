using Saas.Storage;

namespace Saas.Identity.Features.ApiKeys;

/// <summary>
/// A user's API key (collection <c>api_keys</c>): only the SHA-256 of the secret is stored (unique index), with the
/// first characters to tell keys apart in a list. A revoked key stays, marked, so the owner's list shows what happened.
/// </summary>
public sealed class ApiKey : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string UserId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary><c>sk_</c> and the next 8 characters of the key.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the whole key.</summary>
    public string Hash { get; set; } = "";

    public List<string> Scopes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>The <c>api_keys</c> collection and its indexes (created before the server takes requests).</summary>
public sealed class ApiKeyStore(IDocumentStore store) : IStoreInitializer
{
    public IDocumentCollection<ApiKey> Keys { get; } = store.Collection<ApiKey>("api_keys");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Keys.EnsureIndexAsync(k => k.Hash, unique: true, cancellationToken);
        await Keys.EnsureIndexAsync(k => k.UserId, cancellationToken: cancellationToken);
    }
}
