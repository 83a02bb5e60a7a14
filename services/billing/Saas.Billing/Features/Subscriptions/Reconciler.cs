using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Stripe;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>Reads a subscription live from Stripe and applies it, stamped with the time of the read.</summary>
public sealed class Reconciler(SubscriptionLedger ledger, StripeGateway stripe, PlanCatalog catalog, TimeProvider time)
{
    /// <summary>
    /// Applies Stripe's current state of <paramref name="subscriptionId"/>, or else of the subscriber's current
    /// subscription (the stored one while it lives, otherwise the customer's newest). Stripe failures propagate
    /// before anything is written.
    /// </summary>
    public async Task<BillingCustomer?> ReconcileAsync(SubscriberId subscriber, string? subscriptionId, CancellationToken ct)
    {
        var customer = await ledger.GetAsync(subscriber, ct);
        var live = await ReadAsync(customer, subscriptionId, ct);
        return live is null ? customer : await ApplyAsync(subscriber, live, ct);
    }

    /// <summary>Applies a subscription Stripe just returned (a read, or the answer to a cancel).</summary>
    public Task<BillingCustomer?> ApplyAsync(SubscriberId subscriber, LiveSubscription live, CancellationToken ct)
    {
        // Stripe stamps events in whole seconds. A live read stamped with sub-second precision would outrank a
        // webhook created later in the same second (e.g. payment failed right after checkout) and drop it; truncated,
        // the same-second tie is decided by the status ranking instead.
        var exact = time.GetUtcNow();
        var now = new DateTimeOffset(exact.Ticks - exact.Ticks % TimeSpan.TicksPerSecond, exact.Offset);
        var update = new SubscriptionUpdate
        {
            SubscriptionId = live.Id,
            Status = live.Status,
            At = now,
            Kind = UpdateKind.Live,
            Source = "live",
            PriceId = live.PriceId,
            CurrentPeriodEnd = live.CurrentPeriodEnd,
            CancelAtPeriodEnd = live.CancelAtPeriodEnd,
            CancelAt = live.CancelAt,
            TrialEnd = live.TrialEnd,
            CanceledAt = live.CanceledAt,
        };
        return ledger.UpdateAsync(subscriber, c =>
        {
            var linked = false;
            if (c.StripeCustomerId is null && live.CustomerId is not null)
            {
                c.StripeCustomerId = live.CustomerId;
                linked = true;
            }

            return SubscriptionMachine.Apply(c, update, catalog) | linked;
        }, now, isReplay: false, ct);
    }

    private async Task<LiveSubscription?> ReadAsync(BillingCustomer? customer, string? subscriptionId, CancellationToken ct)
    {
        if (subscriptionId is not null)
        {
            return await stripe.GetSubscriptionAsync(subscriptionId, ct);
        }

        if (customer?.Stripe is { } stored && !SubscriptionStatuses.IsTerminal(stored.Status)
            && await stripe.GetSubscriptionAsync(stored.SubscriptionId, ct) is { } current)
        {
            return current;
        }

        return customer?.StripeCustomerId is { } customerId ? await stripe.FindCurrentSubscriptionAsync(customerId, ct) : null;
    }
}
