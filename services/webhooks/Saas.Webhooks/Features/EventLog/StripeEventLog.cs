using System.Linq.Expressions;
using Saas.Storage;

namespace Saas.Webhooks.Features.EventLog;

/// <summary>
/// The stored Stripe events: their collection, indexes and a compare-and-swap update. The indexes are made by the
/// store initialisation before the service starts, so nothing can write before the unique index on Stripe's id exists.
/// </summary>
public sealed class StripeEventLog(IDocumentStore store) : IStoreInitializer
{
    public const string CollectionName = "stripe_webhook_events";

    public IDocumentCollection<StripeEventDocument> Collection { get; } = store.Collection<StripeEventDocument>(CollectionName);

    public async Task<StripeEventDocument?> GetAsync(string id, CancellationToken ct) =>
        await Collection.GetAsync(id, ct);

    /// <summary>Finds an event by our id or by Stripe's (<c>evt_…</c>), whichever the caller has.</summary>
    public async Task<StripeEventDocument?> FindAsync(string id, CancellationToken ct)
    {
        return await Collection.GetAsync(id, ct)
               ?? (await Collection.FindAsync(e => e.StripeEventId == id, new() { Take = 1 }, ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StripeEventDocument>> FindAsync(
        Expression<Func<StripeEventDocument, bool>> filter, QueryOptions<StripeEventDocument>? options, CancellationToken ct) =>
        await Collection.FindAsync(filter, options, ct);

    public async Task<long> CountAsync(Expression<Func<StripeEventDocument, bool>>? filter, CancellationToken ct) =>
        await Collection.CountAsync(filter, ct);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored event and writes it back, reloading and reapplying when
    /// someone else wrote in between (intake, a consumer, the sweeper and the replay API all touch one event).
    /// <paramref name="change"/> returns false to leave the event as it is. Returns the event as written, or null.
    /// </summary>
    public async Task<StripeEventDocument?> UpdateAsync(string id, Func<StripeEventDocument, bool> change, CancellationToken ct)
    {
        var changed = false;
        var written = await Collection.UpdateAsync(id, e => changed = change(e), ct);
        return changed ? written : null;
    }

    /// <summary>
    /// As <see cref="UpdateAsync(string, Func{StripeEventDocument, bool}, CancellationToken)"/>, starting from a copy the
    /// caller has just read instead of reading it again: when nobody wrote meanwhile (the usual case) the write is one
    /// compare-and-swap; when someone did, the version check refuses it and the update starts over from a fresh read.
    /// <paramref name="known"/> is changed in place, so the caller must not use it afterwards.
    /// </summary>
    public async Task<StripeEventDocument?> UpdateAsync(StripeEventDocument known, Func<StripeEventDocument, bool> change, CancellationToken ct)
    {
        if (!change(known))
        {
            return null;
        }

        try
        {
            await Collection.ReplaceAsync(known, ct);
            return known;
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            return await UpdateAsync(known.Id, change, ct);
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Collection.EnsureIndexAsync(e => e.StripeEventId, unique: true, cancellationToken);
        await Collection.EnsureIndexAsync(e => e.Status, cancellationToken: cancellationToken);
        await Collection.EnsureIndexAsync(e => e.OrderingKey, cancellationToken: cancellationToken);
        await Collection.EnsureIndexAsync(e => e.NextAttemptAt, cancellationToken: cancellationToken);
        await Collection.EnsureIndexAsync(e => e.StripeCreated, cancellationToken: cancellationToken);
        await Collection.EnsureIndexAsync(e => e.CustomerId, cancellationToken: cancellationToken);
        await Collection.EnsureIndexAsync(e => e.EventType, cancellationToken: cancellationToken);
    }
}
