namespace Saas.Testing;

/// <summary>
/// Identity refuses to start outside Development without the secret that encrypts its signing keys at rest
/// (<c>Identity:Tokens:SigningKeyEncryptionSecret</c>); processes the tests and benchmarks start as Production get this one.
/// </summary>
public static class SigningKeyEncryption
{
    public const string Secret = "test-signing-key-secret-0123456789abcdef";

    public static IEnumerable<KeyValuePair<string, string>> Environment => [new("Identity__Tokens__SigningKeyEncryptionSecret", Secret)];
}
