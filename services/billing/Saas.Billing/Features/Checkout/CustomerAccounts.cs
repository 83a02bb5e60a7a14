using Saas.Billing.Features.Stripe;
using Saas.Billing.Features.Subscriptions;

namespace Saas.Billing.Features.Checkout;

/// <summary>Finds the subscriber's Stripe customer, creating it once.</summary>
public sealed class CustomerAccounts(SubscriptionLedger ledger, StripeGateway stripe, TimeProvider time)
{
    /// <summary>
    /// The customer id and the subscriber's document. Two concurrent first checkouts send the same idempotency
    /// key, so Stripe creates one customer; the optimistic write then keeps whichever id was stored first.
    /// </summary>
    public async Task<(string CustomerId, BillingCustomer Customer)> GetOrCreateAsync(
        SubscriberId subscriber, string? email, string? name, CancellationToken ct)
    {
        var existing = await ledger.GetAsync(subscriber, ct);
        if (existing?.StripeCustomerId is { } known)
        {
            return (known, existing);
        }

        // Stripe first: if it fails, nothing is stored.
        var created = await stripe.CreateCustomerAsync(subscriber, email, name, ct);
        var stored = await ledger.UpdateAsync(subscriber, c =>
        {
            if (c.StripeCustomerId is not null)
            {
                return false;
            }

            c.StripeCustomerId = created;
            c.Email ??= email;
            return true;
        }, time.GetUtcNow(), isReplay: false, ct);
        return (stored!.StripeCustomerId!, stored);
    }
}
