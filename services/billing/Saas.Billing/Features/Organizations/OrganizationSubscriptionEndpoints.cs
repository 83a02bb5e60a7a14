using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Saas.Billing.Features.Checkout;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Portal;
using Saas.Billing.Features.Stripe;
using Saas.Billing.Features.Subscriptions;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Organizations;

/// <summary>
/// An organization's subscription (issue 7, seed 003): the owner starts a checkout through the same path as a user,
/// with the organization as the subscriber; every member reads it. A non-member learns nothing (404), not even that
/// the organization exists; a member without the role gets 403.
/// </summary>
public static class OrganizationSubscriptionEndpoints
{
    private const string RoutePrefix = "/api/v1/organizations/{orgId}/subscription";

    public static IEndpointRouteBuilder MapOrganizationSubscriptionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Organization subscription").RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("", Create).WithStripeErrors()
            .WithSummary("Owner only: a Stripe Checkout session subscribing the organization (`priceId`, or `planId` + `interval`).");
        group.MapGet("", Get)
            .WithSummary("Any member: the organization's subscription, in the shape of GET /api/billing/subscription.");
        group.MapPost("/portal", CreatePortalSession).WithStripeErrors()
            .WithSummary("Owner only: a Stripe billing portal session on the organization's customer (400 before it has one).");
        group.MapPost("/reconcile", Reconcile).WithStripeErrors()
            .WithSummary("Owner or admin: reads the organization's subscription live from Stripe and applies it.");
        return routes;
    }

    public static async Task<Results<Ok<CheckoutSessionResponse>, ProblemHttpResult>> Create(
        string orgId, [FromBody] CheckoutRequest? request, HttpContext http, MembershipProjection members, CheckoutStarter checkout,
        CancellationToken ct)
    {
        if (await RefusedAsync(orgId, http, members, OrganizationRoles.CanSubscribe, "Only the organization's owner can subscribe it", ct)
            is { } refused)
        {
            return refused;
        }

        var organization = await members.FindOrganizationAsync(orgId, ct);
        return await checkout.StartAsync(request ?? new CheckoutRequest(null, null, null), new CheckoutSubscriber(
            SubscriberId.ForOrganization(orgId), http.User.FindFirst(SaasClaims.Email)?.Value, organization?.Name ?? orgId,
            "This organization already has an active subscription. Manage it in the billing portal."), ct);
    }

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Get(
        string orgId, HttpContext http, MembershipProjection members, SubscriptionLedger ledger, PlanCatalog catalog, TimeProvider time,
        CancellationToken ct)
    {
        if (!OrganizationRoles.CanRead(await members.RoleOfAsync(orgId, http.User.GetUserId()!, ct)))
        {
            return NotFound();
        }

        return TypedResults.Ok(SubscriptionResponse.Of(await ledger.GetAsync(SubscriberId.ForOrganization(orgId), ct), catalog, time.GetUtcNow()));
    }

    public static async Task<Results<Ok<PortalSessionResponse>, ProblemHttpResult>> CreatePortalSession(
        string orgId, HttpContext http, MembershipProjection members, SubscriptionLedger ledger, StripeGateway stripe,
        IOptions<CheckoutOptions> options, CancellationToken ct) =>
        await RefusedAsync(orgId, http, members, OrganizationRoles.CanManageBilling, "Only the organization's owner can manage its billing", ct)
            ?? await PortalEndpoints.CreateForAsync(SubscriberId.ForOrganization(orgId), ledger, stripe, options, ct);

    public static async Task<Results<Ok<ReconcileResponse>, ProblemHttpResult>> Reconcile(
        string orgId, HttpContext http, MembershipProjection members, Reconciler reconciler, PlanCatalog catalog, TimeProvider time,
        CancellationToken ct) =>
        await RefusedAsync(orgId, http, members, OrganizationRoles.CanReconcile, "Only the organization's owner or an admin can reconcile it", ct)
            ?? (Results<Ok<ReconcileResponse>, ProblemHttpResult>)await SubscriptionEndpoints.ReconcileForAsync(
                SubscriberId.ForOrganization(orgId), reconciler, catalog, time, ct);

    /// <summary>404 for a non-member (the organization's existence is not disclosed), 403 naming the caller's role otherwise.</summary>
    private static async Task<ProblemHttpResult?> RefusedAsync(
        string orgId, HttpContext http, MembershipProjection members, Func<string?, bool> may, string refusal, CancellationToken ct)
    {
        var role = await members.RoleOfAsync(orgId, http.User.GetUserId()!, ct);
        return !OrganizationRoles.CanRead(role) ? NotFound()
            : !may(role) ? ErrorResults.Error(StatusCodes.Status403Forbidden, $"{refusal} (your role: {role})")
            : null;
    }

    private static ProblemHttpResult NotFound() =>
        ErrorResults.Error(StatusCodes.Status404NotFound, "Organization not found");
}
