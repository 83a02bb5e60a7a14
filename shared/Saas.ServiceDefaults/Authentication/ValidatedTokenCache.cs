using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>
/// Access tokens this process has already validated, keyed by the token's exact text (signature included), so a
/// front end's next request with the same token skips parsing and the RS256 check (about 49 µs and 9 KB here).
/// </summary>
/// <remarks>
/// What stays exact on a hit: the lifetime is checked again on every request against <see cref="TimeProvider"/>
/// (expiry to the tick, as on a miss); the signing key must still be one of the keys in force (the very same key
/// object: when <see cref="SigningKeyCache"/> fetches the keys again, or a key is withdrawn, every entry misses and is
/// validated afresh); revocation is not decided here at all (identity's session check runs after validation, on
/// hits too). Only successful validations are kept; a token that failed is validated again each time.
/// </remarks>
internal sealed class ValidatedTokenCache(TimeProvider time)
{
    /// <summary>Enough for every active token of a busy service (15-minute tokens); past it, the cache starts over.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Looks the token up without copying it out of the header (a token is about 1.5 KB as a string) and hands back the
    /// cached string equal to it, which the caller uses instead of making a copy.
    /// </summary>
    public bool TryGetText(ReadOnlySpan<char> token, out string text) =>
        _entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out text!, out _);

    public bool TryGet(string token, out Entry entry) => _entries.TryGetValue(token, out entry!);

    public void Add(string token, Entry entry)
    {
        if (_entries.Count >= MaxEntries)
        {
            Trim();
        }

        _entries[token] = entry;
    }

    public void Remove(string token) => _entries.TryRemove(token, out _);

    // Expired tokens go first (past the longest clock skew allowed); if the cache is still full, it starts over
    // (a burst of distinct tokens, or an attack).
    private void Trim()
    {
        var dead = time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(5);
        foreach (var (token, entry) in _entries)
        {
            if (entry.Expires is not { } expires || expires < dead)
            {
                _entries.TryRemove(token, out _);
            }
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
    }

    /// <summary>What a successful validation produced, and what is checked again on a hit.</summary>
    public sealed record Entry(JsonWebToken Token, ClaimsIdentity Identity, SecurityKey SigningKey, string Issuer)
    {
        public DateTime? NotBefore { get; } = Token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out _) ? Token.ValidFrom : null;

        public DateTime? Expires { get; } = Token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _) ? Token.ValidTo : null;
    }
}
