using Saas.Storage;

namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// Who processes a customer's events right now. Competing consumers (threads or processes) take the lease with a
/// compare-and-swap on this document, so only one of them works on a customer at a time. The lease is short
/// (<see cref="WebhooksOptions.CustomerLeaseDuration"/>, 15 s) and renewed before each event, so a killed holder
/// blocks its customer for seconds, not minutes.
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

public sealed class CustomerLeases(IDocumentStore store, TimeProvider time) : IStoreInitializer
{
    private static readonly TimeSpan KeptIdle = TimeSpan.FromDays(1);
    private readonly IDocumentCollection<CustomerLeaseDocument> leases =
        store.Collection<CustomerLeaseDocument>("stripe_customer_leases");

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        leases.EnsureExpiryIndexAsync(l => l.ExpiresAt, cancellationToken);

    /// <summary>Takes or extends the lease on <paramref name="key"/> for <paramref name="owner"/>; false when another holds it.</summary>
    public async Task<bool> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken ct)
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
    public async Task<bool> IsHeldAsync(string key, CancellationToken ct) =>
        await leases.GetAsync(key, ct) is { Owner: not null } lease && lease.LeasedUntil > time.GetUtcNow();

    /// <summary>Gives the lease up if <paramref name="owner"/> still holds it.</summary>
    public async Task ReleaseAsync(string key, string owner, CancellationToken ct)
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
