using Saas.Billing.Features.Subscriptions;

namespace Saas.Billing.Features.Timeline;

/// <summary>
/// One change of a subscriber's effective status or plan (from → to) and what caused it: a Stripe event, a live read
/// from Stripe, or a staff override. Stored on the subscriber's document in the same write as the change, so the
/// history never misses or invents one.
/// </summary>
public sealed class SubscriptionTransition
{
    public DateTimeOffset At { get; set; }

    public string FromStatus { get; set; } = "";

    public string ToStatus { get; set; } = "";

    public string? FromPlanId { get; set; }

    public string? ToPlanId { get; set; }

    /// <summary><c>stripe_event</c>, <c>live</c> (reconcile, checkout completion) or <c>override</c>.</summary>
    public string Cause { get; set; } = "";

    /// <summary>The Stripe event id for <c>stripe_event</c>; who set it for <c>override</c> (null when cleared).</summary>
    public string? CausedBy { get; set; }

    public bool IsReplay { get; set; }
}

/// <summary>Appends the transition a ledger write makes, if it changes the effective status or plan.</summary>
public static class TransitionRecorder
{
    /// <summary>The newest ones are kept: a support view, not an archive (Stripe's events are kept in webhooks).</summary>
    public const int Kept = 200;

    public const string StripeEvent = "stripe_event";
    public const string Live = "live";
    public const string Override = "override";

    /// <param name="stripeBefore">The document's Stripe state object before the mutation (the machine replaces it when it applies).</param>
    /// <param name="overrideBefore">The override object before the mutation (an override write replaces or clears it).</param>
    public static void Record(
        BillingCustomer customer, EffectiveState before, EffectiveState after, StripeSubscriptionState? stripeBefore,
        SubscriptionOverride? overrideBefore, DateTimeOffset now, bool isReplay)
    {
        if (before.Status == after.Status && before.PlanId == after.PlanId)
        {
            return;
        }

        var (cause, by) = !ReferenceEquals(customer.Override, overrideBefore)
            ? (Override, customer.Override?.SetBy)
            : !ReferenceEquals(customer.Stripe, stripeBefore) && customer.Stripe?.AppliedFrom is { } source
                ? source == "live" ? (Live, null) : (StripeEvent, source)
                : (Live, null);
        customer.Transitions.Add(new SubscriptionTransition
        {
            At = now, FromStatus = before.Status, ToStatus = after.Status, FromPlanId = before.PlanId, ToPlanId = after.PlanId,
            Cause = cause, CausedBy = by, IsReplay = isReplay,
        });
        if (customer.Transitions.Count > Kept)
        {
            customer.Transitions.RemoveRange(0, customer.Transitions.Count - Kept);
        }
    }
}
