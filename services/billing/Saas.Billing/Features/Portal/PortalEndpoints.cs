using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Billing.Features.Checkout;
using Saas.Billing.Features.Stripe;
using Saas.Billing.Features.Subscriptions;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Portal;

public static class PortalEndpoints
{
    private const string RoutePrefix = "/api/billing";

    public static IEndpointRouteBuilder MapPortalEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(RoutePrefix).WithTags("Portal").RequireAuthorization().WithStripeErrors()
            .MapPost("/create-portal-session", CreatePortalSession)
            .WithSummary("A Stripe billing portal session (400 until the user has a Stripe customer).");
        return routes;
    }

    public static Task<Results<Ok<PortalSessionResponse>, ProblemHttpResult>> CreatePortalSession(
        HttpContext http, SubscriptionLedger ledger, StripeGateway stripe, IOptions<CheckoutOptions> options, CancellationToken ct) =>
        CreateForAsync(SubscriberId.From(http.User), ledger, stripe, options, ct);

    /// <summary>A portal session on the subscriber's Stripe customer; 400 while it has none (nothing is asked of Stripe then).</summary>
    public static async Task<Results<Ok<PortalSessionResponse>, ProblemHttpResult>> CreateForAsync(
        SubscriberId subscriber, SubscriptionLedger ledger, StripeGateway stripe, IOptions<CheckoutOptions> options, CancellationToken ct)
    {
        if ((await ledger.GetAsync(subscriber, ct))?.StripeCustomerId is not { } customerId)
        {
            return ErrorResults.BadRequest("No billing account yet: subscribe first");
        }

        var url = await stripe.CreatePortalSessionAsync(
            customerId, options.Value.ReturnUrl, $"portal-{subscriber.Key}-{Guid.NewGuid():N}", ct);
        return TypedResults.Ok(new PortalSessionResponse(url));
    }
}

public sealed record PortalSessionResponse(string Url);
