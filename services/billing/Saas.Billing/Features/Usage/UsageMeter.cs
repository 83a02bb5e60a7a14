using System.Globalization;
using Saas.Billing.Common;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Subscriptions;
using Saas.Storage;

namespace Saas.Billing.Features.Usage;

public sealed record UsageSnapshot(string Feature, string Period, long Used, long? Limit)
{
    /// <summary>Null when unlimited.</summary>
    public long? Remaining => Limit is { } limit ? Math.Max(0, limit - Used) : null;
}

/// <summary>
/// Counts usage against the subscriber's plan limits. Tracking is one atomic increment; one that lands past the
/// limit is taken back at once and refused, so concurrent calls end exactly on the limit and a refused call
/// counts nothing. (Under contention a call may be refused while another's overshoot is being taken back —
/// conservative, never past the limit.)
/// </summary>
public sealed class UsageMeter(BillingStore store, PlanCatalog catalog, TimeProvider time)
{
    public async Task<UsageSnapshot> CheckAsync(SubscriberId subscriber, string feature, CancellationToken ct)
    {
        var (counterId, period, limit) = await LocateAsync(subscriber, feature, ct);
        var counter = await store.UsageCounters.GetAsync(counterId, ct);
        return new UsageSnapshot(feature, period, counter?.Used ?? 0, limit);
    }

    /// <summary>Adds <paramref name="quantity"/>; the snapshot and whether it was accepted.</summary>
    public async Task<(bool Accepted, UsageSnapshot Usage)> TrackAsync(
        SubscriberId subscriber, string feature, long quantity, CancellationToken ct)
    {
        var (counterId, period, limit) = await LocateAsync(subscriber, feature, ct);
        if (limit is { } cap && quantity > cap)
        {
            var current = await store.UsageCounters.GetAsync(counterId, ct);
            return (false, new UsageSnapshot(feature, period, current?.Used ?? 0, limit));
        }

        var used = await store.UsageCounters.IncrementAsync(counterId, c => c.Used, quantity, ct);
        if (limit is { } max && used > max)
        {
            used = await store.UsageCounters.IncrementAsync(counterId, c => c.Used, -quantity, ct);
            return (false, new UsageSnapshot(feature, period, used, limit));
        }

        return (true, new UsageSnapshot(feature, period, used, limit));
    }

    /// <summary>Starts every counter of the subscriber afresh, once per paid invoice.</summary>
    public async Task ResetAsync(SubscriberId subscriber, string invoiceId, CancellationToken ct)
    {
        if (await store.UsageResets.GetAsync(invoiceId, ct) is not null)
        {
            return;
        }

        await store.Customers.IncrementAsync(subscriber.Key, c => c.UsageEpoch, 1, ct);
        try
        {
            await store.UsageResets.InsertAsync(new UsageReset { Id = invoiceId, SubscriberKey = subscriber.Key, ResetAt = time.GetUtcNow() }, ct);
        }
        catch (DuplicateKeyException)
        {
            // Both invoice events of one payment arrived together: two resets a moment apart lose nothing.
        }
    }

    /// <summary>Seconds until the next calendar month (UTC), when the period's counters stop counting.</summary>
    public int SecondsToNextPeriod()
    {
        var now = time.GetUtcNow();
        var next = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        return (int)Math.Ceiling((next - now).TotalSeconds);
    }

    private async Task<(string CounterId, string Period, long? Limit)> LocateAsync(SubscriberId subscriber, string feature, CancellationToken ct)
    {
        var customer = await store.Customers.GetAsync(subscriber.Key, ct);
        var plan = catalog.Find(SubscriptionResponse.Of(customer, catalog, time.GetUtcNow()).Plan);
        var period = time.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return ($"{subscriber.Key}|{feature}|{period}|{customer?.UsageEpoch ?? 0}", period, PlanCatalog.LimitOf(plan, feature));
    }
}
