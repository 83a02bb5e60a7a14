using Saas.Billing.Features.Plans;
using Saas.Contracts.Billing;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>What others see of a subscriber: the override when one is in force, else Stripe's state.</summary>
public sealed record EffectiveState(
    string Status, string? PlanId, string? CustomerId, string? SubscriptionId, DateTimeOffset? CurrentPeriodEnd, bool CancelAtPeriodEnd)
{
    public static EffectiveState Of(BillingCustomer customer)
    {
        var stripe = customer.Stripe;
        return new EffectiveState(
            customer.Override?.Status ?? stripe?.Status ?? SubscriptionStatuses.None,
            customer.Override?.PlanId ?? stripe?.PlanId,
            customer.StripeCustomerId,
            stripe?.SubscriptionId,
            stripe?.CurrentPeriodEnd,
            stripe?.CancelAtPeriodEnd ?? false);
    }
}

/// <summary>
/// <c>GET /api/billing/subscription</c>: the status in saasbackend's spelling (plus <c>paused</c>), seed 001's three-state
/// <c>subscriptionState</c> (active, suspended, cancelled) and its derived fields — <c>plan</c> (the default plan unless access is granted), <c>active</c> (paid access),
/// <c>trialing</c>, <c>cancelling</c>, <c>currentPeriodEnd</c> — with Stripe's own state and the override beside them.
/// </summary>
public sealed record SubscriptionResponse(
    string Status,
    string SubscriptionState,
    string? Plan,
    bool Active,
    bool Trialing,
    bool Cancelling,
    DateTimeOffset? CurrentPeriodEnd,
    string StripeStatus,
    string? StripeCustomerId,
    string? StripeSubscriptionId,
    string? PriceId,
    bool CancelAtPeriodEnd,
    DateTimeOffset? TrialEnd,
    bool TrialClaimed,
    OverrideResponse? Override)
{
    public static SubscriptionResponse Of(BillingCustomer? customer, PlanCatalog catalog, DateTimeOffset now)
    {
        customer ??= new BillingCustomer();
        var effective = EffectiveState.Of(customer);
        var stripe = customer.Stripe;
        var grants = SubscriptionStatuses.GrantsAccess(effective.Status);
        var defaultPlan = catalog.DefaultPlan?.Id;
        var plan = grants ? effective.PlanId ?? defaultPlan : defaultPlan;
        var cancelling = grants && customer.Override is null && stripe is not null && (stripe.CancelAtPeriodEnd || stripe.CancelAt is not null);
        return new SubscriptionResponse(
            SubscriptionStatuses.ToSaasBackend(effective.Status),
            SubscriptionStates.FromStatus(effective.Status),
            plan,
            grants && plan is not null && plan != defaultPlan,
            effective.Status == SubscriptionStatuses.Trialing && (stripe?.TrialEnd is not { } end || end > now),
            cancelling,
            stripe?.CurrentPeriodEnd,
            SubscriptionStatuses.ToSaasBackend(stripe?.Status),
            customer.StripeCustomerId,
            stripe?.SubscriptionId,
            stripe?.PriceId,
            stripe?.CancelAtPeriodEnd ?? false,
            stripe?.TrialEnd,
            customer.TrialClaimed,
            customer.Override is { } o
                ? new OverrideResponse(SubscriptionStatuses.ToSaasBackend(o.Status), o.PlanId, o.Reason, o.SetBy, o.SetAt)
                : null);
    }
}

public sealed record OverrideResponse(string Status, string? PlanId, string? Reason, string? SetBy, DateTimeOffset SetAt);
