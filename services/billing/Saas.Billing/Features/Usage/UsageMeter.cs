using System.Globalization;
using Saas.Billing.Storage;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Subscriptions;

namespace Saas.Billing.Features.Usage;

/// <summary>One feature's usage: this month's (with the monthly limit), today's (with the daily one) and the running total.</summary>
public sealed record UsageSnapshot(string Feature, string Period, long Used, long? Limit, PeriodUsage Daily, long Total)
{
    /// <summary>Null when unlimited.</summary>
    public long? Remaining => Limit is { } limit ? Math.Max(0, limit - Used) : null;
}

/// <summary>Usage in one period; <see cref="Limit"/> null = no cap in this period.</summary>
public sealed record PeriodUsage(string Period, long Used, long? Limit)
{
    public long? Remaining => Limit is { } limit ? Math.Max(0, limit - Used) : null;
}

/// <summary>Why a track was refused: which limit it would have passed.</summary>
public enum UsageRefusal
{
    None,
    Monthly,
    Daily,
}

/// <summary>
/// Counts usage against the subscriber's plan limits (seed 001: monthly, daily and total counters). Tracking is one
/// atomic increment per counter; an increment that lands past a limit is taken back at once and the call refused, so
/// concurrent calls end exactly on the binding limit and a refused call counts nothing. (When both limits bind at the
/// same moment, or under contention with quantities above 1, a call may be refused while another's overshoot is being
/// taken back — conservative, never past a limit.) A bypass key counts without being limited.
/// </summary>
public sealed class UsageMeter(BillingStore store, PlanCatalog catalog, TimeProvider time, UsageMetrics metrics)
{
    public async Task<UsageSnapshot> CheckAsync(SubscriberId subscriber, string feature, CancellationToken ct)
    {
        var counters = await LocateAsync(subscriber, feature, ct);
        return await ReadAsync(counters, ct);
    }

    /// <summary>
    /// Adds <paramref name="quantity"/>; the snapshot and, when refused, which limit refused it. The month's, the day's
    /// and the total counter are incremented at once, so the three land in one group commit of the store instead of
    /// three commits one after another; a refusal takes all three back (the total counted the refused quantity only
    /// until then). Two tracks racing past a limit are both refused: the limit is never exceeded.
    /// </summary>
    public async Task<(UsageRefusal Refusal, UsageSnapshot Usage)> TrackAsync(
        SubscriberId subscriber, string feature, long quantity, bool bypassLimits, CancellationToken ct)
    {
        var c = await LocateAsync(subscriber, feature, ct);
        if (!bypassLimits && (quantity > c.MonthlyLimit || quantity > c.DailyLimit))
        {
            return await RefusedAsync(subscriber, feature, quantity > c.MonthlyLimit ? UsageRefusal.Monthly : UsageRefusal.Daily, c, ct);
        }

        var counted = await Task.WhenAll(
            store.UsageCounters.IncrementAsync(c.MonthlyId, x => x.Used, quantity, ct),
            store.UsageCounters.IncrementAsync(c.DailyId, x => x.Used, quantity, ct),
            store.UsageCounters.IncrementAsync(c.TotalId, x => x.Used, quantity, ct));
        var (monthly, daily, total) = (counted[0], counted[1], counted[2]);
        var refusal = bypassLimits ? UsageRefusal.None
            : monthly > c.MonthlyLimit ? UsageRefusal.Monthly
            : daily > c.DailyLimit ? UsageRefusal.Daily
            : UsageRefusal.None;
        if (refusal != UsageRefusal.None)
        {
            // Not cancellable: a refusal must not leave its quantity counted.
            await Task.WhenAll(
                store.UsageCounters.IncrementAsync(c.MonthlyId, x => x.Used, -quantity, CancellationToken.None),
                store.UsageCounters.IncrementAsync(c.DailyId, x => x.Used, -quantity, CancellationToken.None),
                store.UsageCounters.IncrementAsync(c.TotalId, x => x.Used, -quantity, CancellationToken.None));
            return await RefusedAsync(subscriber, feature, refusal, c, ct);
        }

        metrics.Tracked(subscriber, feature, quantity);
        return (UsageRefusal.None, new UsageSnapshot(feature, c.Month, monthly, c.MonthlyLimit, new PeriodUsage(c.Day, daily, c.DailyLimit), total));
    }

    private async Task<(UsageRefusal, UsageSnapshot)> RefusedAsync(
        SubscriberId subscriber, string feature, UsageRefusal refusal, Counters c, CancellationToken ct)
    {
        metrics.Refused(subscriber, feature, refusal);
        return (refusal, await ReadAsync(c, ct));
    }

    /// <summary>
    /// Staff: sets this month's, today's and/or the total counter to the given values (seed 001's <c>usage.set</c>);
    /// the ones left null stay. A set is an increment by the difference, so tracks racing it are neither lost nor
    /// undone.
    /// </summary>
    public async Task<UsageSnapshot> SetAsync(SubscriberId subscriber, string feature, long? monthly, long? daily, long? total, CancellationToken ct)
    {
        var c = await LocateAsync(subscriber, feature, ct);
        foreach (var (id, value) in new[] { (c.MonthlyId, monthly), (c.DailyId, daily), (c.TotalId, total) })
        {
            if (value is { } target)
            {
                var current = (await store.UsageCounters.GetAsync(id, ct))?.Used ?? 0;
                if (current != target)
                {
                    await store.UsageCounters.IncrementAsync(id, x => x.Used, target - current, ct);
                }
            }
        }

        return await ReadAsync(c, ct);
    }

    /// <summary>Starts every counter of the subscriber afresh (not the total), once per paid invoice.</summary>
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
        catch (Saas.Storage.DuplicateKeyException)
        {
            // Both invoice events of one payment arrived together: two resets a moment apart lose nothing.
        }
    }

    /// <summary>Seconds until the refusing period ends (UTC): the next day for a daily refusal, else the next month.</summary>
    public int SecondsUntilAllowanceReturns(UsageRefusal refusal)
    {
        var now = time.GetUtcNow();
        var today = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
        var next = refusal == UsageRefusal.Daily ? today.AddDays(1) : today.AddDays(1 - now.Day).AddMonths(1);
        return (int)Math.Ceiling((next - now).TotalSeconds);
    }

    private async Task<UsageSnapshot> ReadAsync(Counters c, CancellationToken ct)
    {
        var monthly = store.UsageCounters.GetAsync(c.MonthlyId, ct);
        var daily = store.UsageCounters.GetAsync(c.DailyId, ct);
        var total = store.UsageCounters.GetAsync(c.TotalId, ct);
        return new UsageSnapshot(c.Feature, c.Month, (await monthly)?.Used ?? 0, c.MonthlyLimit,
            new PeriodUsage(c.Day, (await daily)?.Used ?? 0, c.DailyLimit), (await total)?.Used ?? 0);
    }

    /// <summary>
    /// The counters' ids: <c>subscriber|feature|yyyy-MM|epoch</c> (the month's, as before daily counters existed),
    /// <c>subscriber|feature|yyyy-MM-dd|epoch</c> and <c>subscriber|feature|total</c>. A paid invoice bumps the epoch, so
    /// the month and the day start afresh; the total never does.
    /// </summary>
    private async Task<Counters> LocateAsync(SubscriberId subscriber, string feature, CancellationToken ct)
    {
        var customer = await store.Customers.GetAsync(subscriber.Key, ct);
        var now = time.GetUtcNow();
        var plan = catalog.Find(SubscriptionResponse.Of(customer, catalog, now).Plan);
        var month = now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var day = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var epoch = customer?.UsageEpoch ?? 0;
        return new Counters(
            feature, month, day,
            $"{subscriber.Key}|{feature}|{month}|{epoch}", $"{subscriber.Key}|{feature}|{day}|{epoch}", $"{subscriber.Key}|{feature}|total",
            PlanCatalog.LimitOf(plan, feature), PlanCatalog.DailyLimitOf(plan, feature));
    }

    private sealed record Counters(
        string Feature, string Month, string Day, string MonthlyId, string DailyId, string TotalId, long? MonthlyLimit, long? DailyLimit);
}
