using Saas.Storage;

namespace Saas.Identity.Features.Tokens;

/// <summary>
/// An RSA key that signs access tokens, kept in identity's store so tokens outlive a restart and every replica
/// signs with the same keys. The private key is stored as PKCS#8: whoever can read identity's store can sign.
/// </summary>
public sealed class SigningKey : IDocument
{
    /// <summary>The <c>kid</c>.</summary>
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string PrivateKeyPkcs8 { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>From then on a newer key signs.</summary>
    public DateTimeOffset RetiresAt { get; set; }

    /// <summary>Until then the public key stays in the JWKS (retirement + longest token lifetime + clock skew).</summary>
    public DateTimeOffset PublishedUntil { get; set; }
}
