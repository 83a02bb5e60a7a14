using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Stripe;
using Saas.ServiceDefaults.Authentication.ApiKeys;

namespace Saas.Billing.Features.Subscriptions;

public static class SubscriptionEndpoints
{
    private const string RoutePrefix = "/api/billing";

    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Subscription").RequireAuthorization();
        group.MapGet("/subscription", Get).AllowApiKey(ApiKeyScopes.SubscriptionRead)
            .WithSummary("The signed-in user's subscription: status, plan, active, trialing, cancelling, currentPeriodEnd; Stripe's state and any override.");
        group.MapPost("/reconcile-subscription", Reconcile).WithStripeErrors()
            .WithSummary("Reads the subscription live from Stripe and applies it.");
        return routes;
    }

    public static async Task<Ok<SubscriptionResponse>> Get(
        HttpContext http, SubscriptionLedger ledger, PlanCatalog catalog, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(SubscriptionResponse.Of(await ledger.GetAsync(SubscriberId.From(http.User), ct), catalog, time.GetUtcNow()));

    public static Task<Ok<ReconcileResponse>> Reconcile(
        HttpContext http, Reconciler reconciler, PlanCatalog catalog, TimeProvider time, CancellationToken ct) =>
        ReconcileForAsync(SubscriberId.From(http.User), reconciler, catalog, time, ct);

    public static async Task<Ok<ReconcileResponse>> ReconcileForAsync(
        SubscriberId subscriber, Reconciler reconciler, PlanCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        var customer = await reconciler.ReconcileAsync(subscriber, subscriptionId: null, ct);
        return TypedResults.Ok(new ReconcileResponse("success", SubscriptionResponse.Of(customer, catalog, time.GetUtcNow()).Status));
    }
}

/// <summary>saasbackend's reconcile answer; <c>subscriptionStatus</c> is the effective status, as <c>/api/auth/me</c> shows it.</summary>
public sealed record ReconcileResponse(string Status, string SubscriptionStatus);
