using Saas.Billing.Features.Plans;
using Saas.Contracts.Webhooks;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// What each translated Stripe event does to a subscriber's document, as pure functions of the document and the
/// event: the consumers apply them under the ledger's optimistic write, the replay preview applies them to a copy.
/// One definition, so the preview cannot drift from what processing really does.
/// </summary>
public static class StripeEventEffects
{
    /// <summary><c>customer.subscription.created/updated/deleted</c>: links the customer, then applies the snapshot.</summary>
    public static bool Apply(BillingCustomer customer, StripeSubscriptionChanged e, PlanCatalog catalog) =>
        SubscriptionChangedConsumer.Link(customer, e.CustomerId) | SubscriptionMachine.Apply(customer, ToUpdate(e), catalog);

    /// <summary><c>customer.subscription.trial_will_end</c>: its payload is a snapshot too.</summary>
    public static bool Apply(BillingCustomer customer, StripeSubscriptionTrialEnding e, PlanCatalog catalog) =>
        SubscriptionMachine.Apply(customer, ToUpdate(e), catalog);

    /// <summary><c>invoice.paid</c> / <c>invoice.payment_failed</c>: a payment moves a live subscription.</summary>
    public static bool ApplyInvoice(
        BillingCustomer customer, string? subscriptionId, bool paid, DateTimeOffset at, DateTimeOffset? periodEnd, string source, PlanCatalog catalog) =>
        SubscriptionMachine.FromInvoice(customer, subscriptionId, paid, at, periodEnd, source) is { } update
        && SubscriptionMachine.Apply(customer, update, catalog);

    /// <summary><c>checkout.session.completed</c>'s own write: the customer (and its e-mail) linked to the subscriber.</summary>
    public static bool ApplyCheckoutLink(BillingCustomer customer, StripeCheckoutSessionCompleted e)
    {
        var linked = SubscriptionChangedConsumer.Link(customer, e.CustomerId);
        if (customer.Email is null && e.CustomerEmail is not null)
        {
            customer.Email = e.CustomerEmail;
            linked = true;
        }

        return linked;
    }

    public static SubscriptionUpdate ToUpdate(StripeSubscriptionChanged e) => new()
    {
        SubscriptionId = e.SubscriptionId,
        // A deleted subscription is canceled whatever status the payload still shows.
        Status = e.Change == "deleted" ? Features.Subscriptions.SubscriptionStatuses.Canceled : e.Status,
        At = e.StripeCreated,
        Kind = e.Change switch { "created" => UpdateKind.Created, "deleted" => UpdateKind.Deleted, _ => UpdateKind.Updated },
        Source = e.StripeEventId,
        PriceId = e.PriceId,
        CurrentPeriodEnd = e.CurrentPeriodEnd,
        CancelAtPeriodEnd = e.CancelAtPeriodEnd,
        CancelAt = e.CancelAt,
        TrialEnd = e.TrialEnd,
        CanceledAt = e.CanceledAt,
    };

    public static SubscriptionUpdate ToUpdate(StripeSubscriptionTrialEnding e) => new()
    {
        SubscriptionId = e.SubscriptionId,
        Status = e.Status,
        At = e.StripeCreated,
        Kind = UpdateKind.TrialEnding,
        Source = e.StripeEventId,
        PriceId = e.PriceId,
        CurrentPeriodEnd = e.CurrentPeriodEnd,
        CancelAtPeriodEnd = e.CancelAtPeriodEnd,
        TrialEnd = e.TrialEnd,
    };
}
