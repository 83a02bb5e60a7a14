using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Mail;
using Saas.Identity.Features.Notifications;
using Saas.Identity.Features.Organizations;
using Saas.Identity.Features.Sessions;
using Saas.Identity.Features.Subscriptions;
using Saas.Identity.Features.Tokens;
using Microsoft.Extensions.Options;
using Saas.Storage;
using Saas.Storage.Sqlite;

namespace Saas.Identity.Storage;

/// <summary>Identity's collections in one place, and the indexes they need (created before the server starts).</summary>
public sealed class IdentityStore : IStoreInitializer
{
    /// <summary>For tools that write the store without serving requests (the importer): no cached reads.</summary>
    public IdentityStore(IDocumentStore store)
        : this(store, Options.Create(new ReadCacheOptions()), TimeProvider.System)
    {
    }

    public IdentityStore(IDocumentStore store, IOptions<ReadCacheOptions> readCache, TimeProvider time)
    {
        // The embedded store's file has one writer, this process: what it caches is exact. A shared store is not.
        TimeSpan? maxAge = store is SqliteDocumentStore ? null : readCache.Value.SharedStoreMaxAge;
        var userWrites = new WriteStamps();
        var sessionWrites = new WriteStamps();
        Users = new WriteTrackedCollection<User>(store.Collection<User>("users"), userWrites);
        Sessions = new WriteTrackedCollection<Session>(store.Collection<Session>("sessions"), sessionWrites);
        CachedUsers = new CachedReads<User>(Users, userWrites, maxAge, time);
        CachedSessions = new CachedReads<Session>(Sessions, sessionWrites, maxAge, time);
        RefreshTokens = store.Collection<RefreshToken>("refresh_tokens");
        OneTimeTokens = store.Collection<OneTimeToken>("one_time_tokens");
        Notifications = store.Collection<Notification>("notifications");
        Activity = store.Collection<ActivityEntry>("activity");
        SigningKeys = store.Collection<SigningKey>("signing_keys");
        Organizations = store.Collection<Organization>("organizations");
        InviteTokens = store.Collection<InviteToken>("organization_invite_tokens");
        Mails = store.Collection<MailJob>("mail_outbox");
    }

    public IDocumentCollection<User> Users { get; }

    public IDocumentCollection<Session> Sessions { get; }

    /// <summary>Users by id for the hot path (<c>/me</c>): shared copies, current with every write made through <see cref="Users"/>.</summary>
    public CachedReads<User> CachedUsers { get; }

    /// <summary>Sessions by id for the check behind every access token: current with every write through <see cref="Sessions"/>.</summary>
    public CachedReads<Session> CachedSessions { get; }

    public IDocumentCollection<RefreshToken> RefreshTokens { get; }

    public IDocumentCollection<OneTimeToken> OneTimeTokens { get; }

    public IDocumentCollection<Notification> Notifications { get; }

    public IDocumentCollection<ActivityEntry> Activity { get; }

    public IDocumentCollection<SigningKey> SigningKeys { get; }

    public IDocumentCollection<Organization> Organizations { get; }

    public IDocumentCollection<InviteToken> InviteTokens { get; }

    public IDocumentCollection<MailJob> Mails { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Users.EnsureIndexAsync(u => u.Email, unique: true, cancellationToken);
        await Users.EnsureIndexAsync(u => u.CreatedAt, cancellationToken: cancellationToken);
        await Sessions.EnsureIndexAsync(s => s.UserId, cancellationToken: cancellationToken);
        await Sessions.EnsureExpiryIndexAsync(s => s.ExpiresAt, cancellationToken);
        await RefreshTokens.EnsureIndexAsync(t => t.SessionId, cancellationToken: cancellationToken);
        await RefreshTokens.EnsureIndexAsync(t => t.UserId, cancellationToken: cancellationToken);
        await RefreshTokens.EnsureExpiryIndexAsync(t => t.ExpiresAt, cancellationToken);
        await OneTimeTokens.EnsureIndexAsync(t => t.UserId, cancellationToken: cancellationToken);
        await OneTimeTokens.EnsureExpiryIndexAsync(t => t.ExpiresAt, cancellationToken);
        await Notifications.EnsureIndexAsync(n => n.UserId, cancellationToken: cancellationToken);
        await Activity.EnsureIndexAsync(a => a.UserId, cancellationToken: cancellationToken);
        await SigningKeys.EnsureExpiryIndexAsync(k => k.PublishedUntil, cancellationToken);
        await Organizations.EnsureIndexAsync(o => o.Slug, unique: true, cancellationToken);
        // "My organizations" and account deletion look a user up by membership: an index on the items of the list.
        await Organizations.EnsureIndexAsync(o => o.MemberIds, cancellationToken: cancellationToken);
        await InviteTokens.EnsureIndexAsync(t => t.OrganizationId, cancellationToken: cancellationToken);
        await InviteTokens.EnsureExpiryIndexAsync(t => t.PurgeAt, cancellationToken);
        await Mails.EnsureIndexAsync(m => m.NextAttemptAt, cancellationToken: cancellationToken);
        await Mails.EnsureIndexAsync(m => m.To, cancellationToken: cancellationToken);
    }
}
