using Saas.Billing.Features.Plans;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// The rules that keep Stripe's state right although Stripe delivers events late, twice and out of order: an update
/// applies only when it is newer than the one applied (event time, then lifecycle, then kind); an ended
/// subscription never comes back; the end of an old subscription never replaces a live new one.
/// </summary>
public static class SubscriptionMachine
{
    private const int EndedKept = 20;

    /// <summary>Applies <paramref name="update"/> to <paramref name="customer"/> if it is newer; true when it did.</summary>
    public static bool Apply(BillingCustomer customer, SubscriptionUpdate update, PlanCatalog catalog)
    {
        if (!IsNewer(customer, update))
        {
            return false;
        }

        var current = customer.Stripe;
        customer.Stripe = new StripeSubscriptionState
        {
            SubscriptionId = update.SubscriptionId,
            Status = update.Status,
            PriceId = update.PriceId,
            PlanId = catalog.FindByPrice(update.PriceId)?.Plan.Id
                     ?? (current?.SubscriptionId == update.SubscriptionId && current.PriceId == update.PriceId ? current.PlanId : null),
            CurrentPeriodEnd = update.CurrentPeriodEnd,
            CancelAtPeriodEnd = update.CancelAtPeriodEnd,
            CancelAt = update.CancelAt,
            TrialEnd = update.TrialEnd,
            CanceledAt = update.CanceledAt,
            AppliedAt = update.At,
            AppliedRank = update.Rank,
            AppliedFrom = update.Source,
        };
        customer.TrialClaimed |= update.Status == SubscriptionStatuses.Trialing || update.TrialEnd is not null;
        if (SubscriptionStatuses.IsTerminal(update.Status) && !customer.EndedSubscriptions.Contains(update.SubscriptionId))
        {
            customer.EndedSubscriptions.Add(update.SubscriptionId);
            if (customer.EndedSubscriptions.Count > EndedKept)
            {
                customer.EndedSubscriptions.RemoveAt(0);
            }
        }

        return true;
    }

    public static bool IsNewer(BillingCustomer customer, SubscriptionUpdate update)
    {
        if (customer.EndedSubscriptions.Contains(update.SubscriptionId) && !SubscriptionStatuses.IsTerminal(update.Status))
        {
            return false; // a late or replayed event of a subscription that has since ended
        }

        var current = customer.Stripe;
        if (current is null)
        {
            return true;
        }

        if (current.SubscriptionId != update.SubscriptionId)
        {
            var incomingEnded = SubscriptionStatuses.IsTerminal(update.Status);
            var currentEnded = SubscriptionStatuses.IsTerminal(current.Status);
            if (incomingEnded != currentEnded)
            {
                return currentEnded; // a live subscription beats an ended one, whatever the clock says
            }
        }

        return update.At > current.AppliedAt || (update.At == current.AppliedAt && update.Rank > current.AppliedRank);
    }

    /// <summary>
    /// An invoice event says nothing about the subscription's status, only about a payment: a failed payment turns a
    /// live subscription <c>past_due</c>, a paid one brings a <c>past_due</c>/<c>unpaid</c>/<c>incomplete</c> one back
    /// to <c>active</c> (Stripe sends <c>customer.subscription.updated</c> too; whichever comes first wins).
    /// Null when the invoice is not for the current subscription.
    /// </summary>
    public static SubscriptionUpdate? FromInvoice(
        BillingCustomer customer, string? subscriptionId, bool paid, DateTimeOffset at, DateTimeOffset? periodEnd, string source)
    {
        var current = customer.Stripe;
        if (current is null || subscriptionId is null || current.SubscriptionId != subscriptionId)
        {
            return null;
        }

        var status = (paid, current.Status) switch
        {
            (true, SubscriptionStatuses.PastDue or SubscriptionStatuses.Unpaid or SubscriptionStatuses.Incomplete) => SubscriptionStatuses.Active,
            (false, SubscriptionStatuses.Active or SubscriptionStatuses.Trialing) => SubscriptionStatuses.PastDue,
            _ => current.Status,
        };
        return new SubscriptionUpdate
        {
            SubscriptionId = current.SubscriptionId,
            Status = status,
            At = at,
            Kind = UpdateKind.Invoice,
            Source = source,
            PriceId = current.PriceId,
            CurrentPeriodEnd = paid && periodEnd is { } end && !(end <= current.CurrentPeriodEnd) ? end : current.CurrentPeriodEnd,
            CancelAtPeriodEnd = current.CancelAtPeriodEnd,
            CancelAt = current.CancelAt,
            TrialEnd = current.TrialEnd,
            CanceledAt = current.CanceledAt,
        };
    }
}
