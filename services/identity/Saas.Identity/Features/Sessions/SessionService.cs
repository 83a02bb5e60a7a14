using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Tokens;
using Saas.Storage;

namespace Saas.Identity.Features.Sessions;

/// <summary>Starts sessions, rotates their refresh tokens, detects reuse, revokes.</summary>
public sealed class SessionService(
    IdentityStore store,
    AccessTokenIssuer issuer,
    IOptions<TokenOptions> options,
    TimeProvider time,
    ILogger<SessionService> logger)
{
    private const int MaxDeviceLength = 256;

    /// <summary>
    /// Signs <paramref name="user"/> in from the client of <paramref name="http"/>: a new session and its first tokens.
    /// The session and its refresh token are written together (one group commit of the embedded store, not two
    /// disk waits in a row) while the access token is signed; the pair is returned only once both writes are
    /// durable, so no client ever holds a token whose session the store could lose.
    /// </summary>
    public async Task<TokenPair> StartAsync(User user, HttpContext http, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = new Session
        {
            // Named here, not by the insert: the refresh token and the access token carry it while the insert runs.
            Id = MongoDB.Bson.ObjectId.GenerateNewId().ToString(),
            UserId = user.Id,
            Device = DeviceOf(http),
            Ip = ClientAddress.Of(http),
            CreatedAt = now,
            LastUsedAt = now,
        };
        session.ExpiresAt = ExpiryOf(session, now);
        var inserted = store.Sessions.InsertAsync(session, cancellationToken);
        var issued = IssueAsync(user, session, now, cancellationToken);
        await Task.WhenAll(inserted, issued);
        return await issued;
    }

    /// <summary>
    /// Exchanges a refresh token for a new pair. A token that was already exchanged means two parties hold it
    /// (RFC 9700 §4.14.2): the whole family is revoked, so the thief's newer token dies too. Except within
    /// <see cref="TokenOptions.RefreshReuseGrace"/> from the device that exchanged it: that is a second tab (or a
    /// retried request) of the same browser, and it gets a pair for the same session.
    /// </summary>
    public async Task<TokenPair?> RefreshAsync(string presented, HttpContext http, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = await store.RefreshTokens.GetAsync(OneTimeTokens.Hash(presented), cancellationToken);
        if (record is null || record.ExpiresAt <= now)
        {
            return null;
        }

        if (record.RotatedAt is not null)
        {
            return await ReuseAsync(record, http, now, cancellationToken);
        }

        record.RotatedAt = now;
        record.RotatedBy = DeviceOf(http);
        try
        {
            await store.RefreshTokens.ReplaceAsync(record, cancellationToken);
        }
        catch (StorageException ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            // Two exchanges of one token raced: the loser is a reuse like any other, decided on what the winner wrote.
            var winner = await store.RefreshTokens.GetAsync(record.Id, cancellationToken);
            return winner is null ? null : await ReuseAsync(winner, http, now, cancellationToken);
        }

        return await ContinueAsync(record.SessionId, http, now, cancellationToken);
    }

    /// <summary>
    /// After a password change: every other session of <paramref name="userId"/> ends, and the current one gets fresh
    /// tokens (its earlier refresh tokens stop working). Null when there is no current session to keep (an
    /// impersonation token has none): then every session ends.
    /// </summary>
    public async Task<TokenPair?> KeepOnlyAsync(string userId, string? currentSessionId, CancellationToken cancellationToken)
    {
        if (currentSessionId is null)
        {
            await RevokeAllAsync(userId, cancellationToken);
            return null;
        }

        await store.Sessions.DeleteManyAsync(s => s.UserId == userId && s.Id != currentSessionId, cancellationToken);
        await store.RefreshTokens.DeleteManyAsync(t => t.SessionId == currentSessionId, cancellationToken);
        var now = time.GetUtcNow();
        var session = await store.Sessions.UpdateAsync(currentSessionId, s =>
        {
            s.LastUsedAt = now;
            s.ExpiresAt = ExpiryOf(s, now);
            return true;
        }, cancellationToken);
        var user = session is null ? null : await store.Users.GetAsync(userId, cancellationToken);
        return session is null || user is null ? null : await IssueAsync(user, session, now, cancellationToken);
    }

    public async Task<IReadOnlyList<Session>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessions = await store.Sessions.FindAsync(s => s.UserId == userId, cancellationToken: cancellationToken);
        return [.. sessions.Where(s => s.ExpiresAt > now).OrderByDescending(s => s.LastUsedAt)];
    }

    /// <summary>Ends one of <paramref name="userId"/>'s sessions; false when there is no such session.</summary>
    public async Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        var session = await store.Sessions.GetAsync(sessionId, cancellationToken);
        return session is not null && session.UserId == userId && await store.Sessions.DeleteAsync(sessionId, cancellationToken);
    }

    /// <summary>Ends every session of <paramref name="userId"/> (logout everywhere, password change or reset).</summary>
    public Task<long> RevokeAllAsync(string userId, CancellationToken cancellationToken) =>
        store.Sessions.DeleteManyAsync(s => s.UserId == userId, cancellationToken);

    /// <summary>
    /// Whether an access token's session still exists (identity checks this on every request it serves). A cached
    /// copy is current with every write this process made (see <see cref="CachedReads{T}"/>), so a logout or a
    /// revocation is seen by the very next request; expiry is checked against the clock every time.
    /// </summary>
    public async Task<bool> IsActiveAsync(string sessionId, CancellationToken cancellationToken) =>
        await store.CachedSessions.GetAsync(sessionId, cancellationToken) is { } session && session.ExpiresAt > time.GetUtcNow();

    // The refresh token's write is queued first, then the access token is signed (RSA, ~1 ms of CPU) while it commits.
    private async Task<TokenPair> IssueAsync(User user, Session session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refresh = OneTimeTokens.NewToken();
        var stored = store.RefreshTokens.InsertAsync(new RefreshToken
        {
            Id = OneTimeTokens.Hash(refresh),
            SessionId = session.Id,
            UserId = user.Id,
            IssuedAt = now,
            ExpiresAt = session.ExpiresAt,
        }, cancellationToken);
        var access = await issuer.IssueAsync(user, session.Id, cancellationToken);
        await stored;
        return new TokenPair(access.Token, refresh);
    }

    private async Task<TokenPair?> ReuseAsync(RefreshToken record, HttpContext http, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var withinGrace = now - record.RotatedAt!.Value < options.Value.RefreshReuseGrace && record.RotatedBy == DeviceOf(http);
        if (!withinGrace)
        {
            await RevokeReusedFamilyAsync(record, http, cancellationToken);
            return null;
        }

        // The pair is new but equivalent: same session, and the successor issued first stays valid too.
        return await ContinueAsync(record.SessionId, http, now, cancellationToken);
    }

    // The session lives on (last used, address, expiry) and gets a new pair; null when it has ended meanwhile.
    private async Task<TokenPair?> ContinueAsync(string sessionId, HttpContext http, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await store.Sessions.GetAsync(sessionId, cancellationToken);
        var user = session is null ? null : await store.Users.GetAsync(session.UserId, cancellationToken);
        if (session is null || session.ExpiresAt <= now || user is null)
        {
            return null;
        }

        var updated = await store.Sessions.UpdateAsync(session.Id, s =>
        {
            s.LastUsedAt = now;
            s.Ip = ClientAddress.Of(http);
            s.ExpiresAt = ExpiryOf(s, now);
            return true;
        }, cancellationToken);
        return updated is null ? null : await IssueAsync(user, updated, now, cancellationToken);
    }

    private async Task RevokeReusedFamilyAsync(RefreshToken record, HttpContext http, CancellationToken cancellationToken)
    {
        var revoked = await store.Sessions.DeleteAsync(record.SessionId, cancellationToken);
        // A security event: never the token itself, only who and where.
        logger.LogWarning(
            "Security: reuse of a rotated refresh token for user {UserId}, session {SessionId}, from {ClientIp}; session revoked: {Revoked}",
            record.UserId, record.SessionId, ClientAddress.Of(http), revoked);
    }

    /// <summary>A refresh extends the session by the refresh lifetime, never past its absolute lifetime from sign-in.</summary>
    private DateTimeOffset ExpiryOf(Session session, DateTimeOffset now)
    {
        var sliding = now + options.Value.RefreshTokenLifetime;
        var absolute = session.CreatedAt + options.Value.SessionAbsoluteLifetime;
        return sliding < absolute ? sliding : absolute;
    }

    private static string? DeviceOf(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        return agent.Length == 0 ? null : agent[..Math.Min(agent.Length, MaxDeviceLength)];
    }
}

public sealed record TokenPair(string Token, string RefreshToken);
