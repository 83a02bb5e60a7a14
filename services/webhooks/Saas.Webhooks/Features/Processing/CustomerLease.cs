using Microsoft.Extensions.Options;
using Saas.Storage;

namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// A customer's lease kept in the store (<see cref="CustomerLeaseScope.Store"/>), for processes sharing one MongoDB:
/// competing consumers of every process take it with a compare-and-swap on this document, so only one of them works on
/// a customer at a time. The lease is short (<see cref="WebhooksOptions.CustomerLeaseDuration"/>, 15 s) and renewed
/// as a backlog goes on, so a killed holder blocks its customer for seconds, not minutes.
/// </summary>
public sealed class CustomerLeaseDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset LeasedUntil { get; set; }
    /// <summary>Leases nobody took for a day are purged: every customer-less event gets a key of its own.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>
/// Who processes a customer's events right now: one consumer at a time per customer (its ordering key). Where the
/// lease lives is <see cref="WebhooksOptions.CustomerLeaseScope"/>: in this process's memory when it is the only
/// process working on the event log (the embedded SQLite store, which one process owns), in the store when several
/// processes share it (MongoDB). Both keep an owner and an expiry; only the stored one costs a durable commit to take
/// and another to let go, and only the in-process one knows which lanes were turned away while it was held.
/// </summary>
public sealed class CustomerLeases(IDocumentStore store, TimeProvider time, IOptions<WebhooksOptions> options) : IStoreInitializer
{
    private static readonly TimeSpan KeptIdle = TimeSpan.FromDays(1);
    private readonly IDocumentCollection<CustomerLeaseDocument> leases =
        store.Collection<CustomerLeaseDocument>("stripe_customer_leases");
    private readonly ProcessLeaseTable? inProcess =
        options.Value.CustomerLeaseScope == CustomerLeaseScope.Process ? new ProcessLeaseTable(time) : null;

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        leases.EnsureExpiryIndexAsync(l => l.ExpiresAt, cancellationToken);

    /// <summary>
    /// Takes or extends the lease on <paramref name="key"/> for <paramref name="owner"/>; false when another holds it.
    /// A consumer of <paramref name="knockAs"/>'s lane that is turned away leaves a knock the holder reads on release.
    /// </summary>
    public Task<bool> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken ct, ProcessingLane? knockAs = null) =>
        inProcess is { } table ? Task.FromResult(table.TryAcquire(key, owner, duration, knockAs)) : TryAcquireStoredAsync(key, owner, duration, ct);

    /// <summary>The holder is about to look for due events: knocks before now are answered by that look.</summary>
    public void ClearKnocks(string key, string owner) => inProcess?.ClearKnocks(key, owner);

    private async Task<bool> TryAcquireStoredAsync(string key, string owner, TimeSpan duration, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var lease = await leases.GetAsync(key, ct);
        try
        {
            if (lease is null)
            {
                await leases.InsertAsync(new CustomerLeaseDocument
                {
                    Id = key, Owner = owner, LeasedUntil = now + duration, ExpiresAt = now + duration + KeptIdle,
                }, ct);
                return true;
            }

            if (lease.Owner is not null && lease.Owner != owner && lease.LeasedUntil > now)
            {
                return false;
            }

            (lease.Owner, lease.LeasedUntil, lease.ExpiresAt) = (owner, now + duration, now + duration + KeptIdle);
            await leases.ReplaceAsync(lease, ct);
            return true;
        }
        catch (Exception ex) when (ex is DuplicateKeyException or ConcurrencyConflictException or DocumentNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Whether a live holder has <paramref name="key"/> now: it drains every due event of that key itself.</summary>
    public async Task<bool> IsHeldAsync(string key, CancellationToken ct) => inProcess is { } table
        ? table.IsHeld(key)
        : await leases.GetAsync(key, ct) is { Owner: not null } lease && lease.LeasedUntil > time.GetUtcNow();

    /// <summary>
    /// Gives the lease up if <paramref name="owner"/> still holds it; returns the lanes whose consumers were turned
    /// away since the holder's last <see cref="ClearKnocks"/> (all of them for a stored lease: it cannot tell).
    /// </summary>
    public async Task<LaneKnocks> ReleaseAsync(string key, string owner, CancellationToken ct)
    {
        if (inProcess is { } table)
        {
            return table.Release(key, owner);
        }

        await ReleaseStoredAsync(key, owner, ct);
        return LaneKnocks.Unknown;
    }

    private async Task ReleaseStoredAsync(string key, string owner, CancellationToken ct)
    {
        var lease = await leases.GetAsync(key, ct);
        if (lease?.Owner != owner)
        {
            return;
        }

        (lease.Owner, lease.LeasedUntil) = (null, DateTimeOffset.UnixEpoch);
        try
        {
            await leases.ReplaceAsync(lease, ct);
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            // Someone took it over after it expired: it is theirs now.
        }
    }
}
