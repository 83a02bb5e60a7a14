using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Stripe;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Security;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// What the admin service calls (seed 000's <c>PUT /api/admin/users/:id/subscription</c> and <c>…/reconcile</c>).
/// An override is recorded beside Stripe's state, which webhooks keep updating; the effective status stays
/// the override's until it is cleared. Never routed by the gateway.
/// </summary>
public static class OverrideEndpoints
{
    private const string RoutePrefix = "/internal/billing/subscribers/{userId}";

    public static IEndpointRouteBuilder MapOverrideEndpoints(this IEndpointRouteBuilder routes)
    {
        // Out of the OpenAPI document: the gateway aggregates it for the public, and these routes are not public.
        var group = routes.MapGroup(RoutePrefix).WithTags("Internal").ExcludeFromDescription().RequireInternalApiKey(services => services.GetRequiredService<IOptions<InternalApiOptions>>().Value.InternalApiKey);
        group.MapGet("/subscription", Get).WithSummary("A user's subscription, as the user sees it.");
        group.MapPut("/override", Put).WithSummary("Overrides the effective status (and plan) until cleared.");
        group.MapDelete("/override", Delete).WithSummary("Clears the override: Stripe's stored state applies again.");
        group.MapPost("/reconcile", Reconcile).WithStripeErrors().WithSummary("Reads the user's subscription live from Stripe.");
        return routes;
    }

    public static async Task<Ok<SubscriptionResponse>> Get(
        string userId, SubscriptionLedger ledger, PlanCatalog catalog, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(SubscriptionResponse.Of(await ledger.GetAsync(SubscriberId.ForUser(userId), ct), catalog, time.GetUtcNow()));

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Put(
        string userId, OverrideRequest request, SubscriptionLedger ledger, PlanCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        if (SubscriptionStatuses.Parse(request.SubscriptionStatus ?? request.Status) is not { } status)
        {
            return ErrorResults.BadRequest(
                "subscriptionStatus must be one of none, active, trialing, past_due, unpaid, paused, incomplete, incomplete_expired, cancelled",
                "subscriptionStatus");
        }

        if (request.PlanId is { } planId && catalog.Find(planId) is null)
        {
            return ErrorResults.BadRequest("Unknown plan", "planId");
        }

        var now = time.GetUtcNow();
        var customer = await ledger.UpdateAsync(SubscriberId.ForUser(userId), c =>
        {
            c.Override = new SubscriptionOverride
            {
                Status = status, PlanId = request.PlanId, Reason = request.Reason, SetBy = request.SetBy, SetAt = now,
            };
            // saasbackend's admin route can attach a Stripe customer; an existing link is never replaced.
            c.StripeCustomerId ??= request.StripeCustomerId is { Length: > 0 } id ? id : null;
            return true;
        }, now, isReplay: false, ct);
        return TypedResults.Ok(SubscriptionResponse.Of(customer, catalog, now));
    }

    public static async Task<Ok<SubscriptionResponse>> Delete(
        string userId, SubscriptionLedger ledger, PlanCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        var subscriber = SubscriberId.ForUser(userId);
        var now = time.GetUtcNow();
        var customer = await ledger.UpdateAsync(subscriber, c =>
        {
            if (c.Override is null)
            {
                return false;
            }

            c.Override = null;
            return true;
        }, now, isReplay: false, ct);
        return TypedResults.Ok(SubscriptionResponse.Of(customer, catalog, now));
    }

    public static async Task<Ok<SubscriptionResponse>> Reconcile(
        string userId, Reconciler reconciler, PlanCatalog catalog, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(SubscriptionResponse.Of(
            await reconciler.ReconcileAsync(SubscriberId.ForUser(userId), subscriptionId: null, ct), catalog, time.GetUtcNow()));
}

/// <summary>saasbackend's admin body (<c>subscriptionStatus</c>, <c>stripeCustomerId</c>), plus a plan and an audit note.</summary>
public sealed record OverrideRequest(
    string? SubscriptionStatus, string? Status, string? PlanId, string? Reason, string? SetBy, string? StripeCustomerId);
