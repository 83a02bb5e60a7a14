using Saas.Storage;

namespace Saas.Identity.Features.Tokens;

/// <summary>
/// An RSA key that signs access tokens, kept in identity's store so tokens outlive a restart and every replica
/// signs with the same keys. The private key is stored encrypted (<see cref="PrivateKeyProtected"/>, see
/// <see cref="SigningKeyProtector"/>); <see cref="PrivateKeyPkcs8"/> holds it in plain only in Development without a
/// secret, and in records written before encryption, which are rewritten encrypted when first read.
/// </summary>
public sealed class SigningKey : IDocument
{
    /// <summary>The <c>kid</c>.</summary>
    public string Id { get; set; } = "";

    public long Version { get; set; }

    /// <summary>Base64 PKCS#8 in plain: only without an encryption secret, or from before encryption.</summary>
    public string PrivateKeyPkcs8 { get; set; } = "";

    /// <summary>The PKCS#8 private key sealed with AES-GCM (<c>aesgcm1.</c> + base64 of nonce, tag, ciphertext).</summary>
    public string PrivateKeyProtected { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>From then on a newer key signs.</summary>
    public DateTimeOffset RetiresAt { get; set; }

    /// <summary>Until then the public key stays in the JWKS (retirement + longest token lifetime + clock skew).</summary>
    public DateTimeOffset PublishedUntil { get; set; }
}
