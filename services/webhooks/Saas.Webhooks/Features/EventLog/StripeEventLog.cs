using System.Linq.Expressions;
using Saas.Storage;

namespace Saas.Webhooks.Features.EventLog;

/// <summary>The stored Stripe events: their collection, indexes and a compare-and-swap update.</summary>
public sealed class StripeEventLog
{
    public const string CollectionName = "stripe_webhook_events";
    private readonly IDocumentCollection<StripeEventDocument> events;
    private readonly Lock gate = new();
    private Task? indexes;

    public StripeEventLog(IDocumentStore store) => events = store.Collection<StripeEventDocument>(CollectionName);

    /// <summary>
    /// The collection, once its indexes exist. They are created on first use rather than by a hosted service, so
    /// nothing can write before the unique index does; a failed attempt (database down) is tried again next time.
    /// </summary>
    public async Task<IDocumentCollection<StripeEventDocument>> CollectionAsync()
    {
        Task ready;
        lock (gate)
        {
            if (indexes is null || indexes.IsFaulted || indexes.IsCanceled)
            {
                indexes = CreateIndexesAsync();
            }

            ready = indexes;
        }

        await ready;
        return events;
    }

    public async Task<StripeEventDocument?> GetAsync(string id, CancellationToken ct) =>
        await (await CollectionAsync()).GetAsync(id, ct);

    /// <summary>Finds an event by our id or by Stripe's (<c>evt_…</c>), whichever the caller has.</summary>
    public async Task<StripeEventDocument?> FindAsync(string id, CancellationToken ct)
    {
        var collection = await CollectionAsync();
        return await collection.GetAsync(id, ct)
               ?? (await collection.FindAsync(e => e.StripeEventId == id, new() { Take = 1 }, ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StripeEventDocument>> FindAsync(
        Expression<Func<StripeEventDocument, bool>> filter, QueryOptions<StripeEventDocument>? options, CancellationToken ct) =>
        await (await CollectionAsync()).FindAsync(filter, options, ct);

    public async Task<long> CountAsync(Expression<Func<StripeEventDocument, bool>>? filter, CancellationToken ct) =>
        await (await CollectionAsync()).CountAsync(filter, ct);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored event and writes it back, reloading and reapplying when
    /// someone else wrote in between (intake, a consumer, the sweeper and the replay API all touch one event).
    /// <paramref name="change"/> returns false to leave the event as it is. Returns the event as written, or null.
    /// </summary>
    public async Task<StripeEventDocument?> UpdateAsync(string id, Func<StripeEventDocument, bool> change, CancellationToken ct)
    {
        var changed = false;
        var written = await (await CollectionAsync()).UpdateAsync(id, e => changed = change(e), ct);
        return changed ? written : null;
    }

    private async Task CreateIndexesAsync()
    {
        await events.EnsureIndexAsync(e => e.StripeEventId, unique: true);
        await events.EnsureIndexAsync(e => e.Status);
        await events.EnsureIndexAsync(e => e.OrderingKey);
        await events.EnsureIndexAsync(e => e.NextAttemptAt);
        await events.EnsureIndexAsync(e => e.StripeCreated);
        await events.EnsureIndexAsync(e => e.CustomerId);
        await events.EnsureIndexAsync(e => e.EventType);
    }
}
