using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>
/// Caches the signing keys for JwtBearer. Keys are fetched again after <see cref="JwtValidationOptions.KeyRefreshInterval"/>
/// and, before a token with an unknown <c>kid</c> is validated, at once (at most every
/// <see cref="JwtValidationOptions.UnknownKeyRefreshInterval"/>): a token signed by a freshly rotated key is
/// accepted on its first request instead of failing once, as JwtBearer's own refresh-after-failure would.
/// </summary>
/// <remarks>
/// A failed fetch keeps the keys already known (a short outage of identity does not log everyone out) and is
/// retried no sooner than the unknown-key interval, so an outage is not turned into a request storm.
/// </remarks>
internal sealed class SigningKeyCache(
    ISigningKeySource source,
    IOptionsMonitor<JwtValidationOptions> options,
    TimeProvider time,
    ILogger<SigningKeyCache> logger) : IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Snapshot? current;
    private long lastAttemptTicks = DateTimeOffset.MinValue.UtcTicks;
    private volatile bool refreshRequested;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var snapshot = current;
        if (snapshot is not null && !refreshRequested && time.GetUtcNow() < snapshot.FetchedAt + options.CurrentValue.KeyRefreshInterval)
        {
            return snapshot.Configuration;
        }

        return await RefreshAsync(snapshot, cancel);
    }

    /// <summary>Fetches the keys now if <paramref name="keyId"/> is unknown and the last attempt is old enough.</summary>
    public async Task EnsureKeyAsync(string keyId, CancellationToken cancel)
    {
        var snapshot = current;
        if (snapshot is not null && (snapshot.KeyIds.Contains(keyId) || !MayFetchAgain()))
        {
            return;
        }

        await RefreshAsync(snapshot, cancel);
    }

    // JwtBearer calls this after a signature key was not found; EnsureKeyAsync has normally done it already.
    public void RequestRefresh()
    {
        if (MayFetchAgain())
        {
            refreshRequested = true;
        }
    }

    private bool MayFetchAgain() =>
        time.GetUtcNow().UtcTicks - Interlocked.Read(ref lastAttemptTicks) >= options.CurrentValue.UnknownKeyRefreshInterval.Ticks;

    private async Task<OpenIdConnectConfiguration> RefreshAsync(Snapshot? seen, CancellationToken cancel)
    {
        await gate.WaitAsync(cancel);
        try
        {
            // Someone else refreshed while we waited: use theirs.
            if (current is { } fresh && !ReferenceEquals(fresh, seen))
            {
                return fresh.Configuration;
            }

            // Someone tried (and failed) a moment ago: do not queue up behind an outage.
            if (!MayFetchAgain())
            {
                return seen?.Configuration ?? Build([]);
            }

            Interlocked.Exchange(ref lastAttemptTicks, time.GetUtcNow().UtcTicks);
            refreshRequested = false;
            try
            {
                var keys = await source.GetSigningKeysAsync(cancel);
                current = new Snapshot(Build(keys), keys.Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal), time.GetUtcNow());
                return current.Configuration;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                logger.LogError(ex, "Could not fetch the token signing keys; keeping {KeyCount} known key(s)", seen?.KeyIds.Count ?? 0);
                return seen?.Configuration ?? Build([]);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private OpenIdConnectConfiguration Build(IEnumerable<SecurityKey> keys)
    {
        // JwtBearer adds the configuration's issuer to the valid issuers: give it the pinned one.
        var configuration = new OpenIdConnectConfiguration { Issuer = options.CurrentValue.Issuer };
        foreach (var key in keys)
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }

    private sealed record Snapshot(OpenIdConnectConfiguration Configuration, HashSet<string> KeyIds, DateTimeOffset FetchedAt);
}
