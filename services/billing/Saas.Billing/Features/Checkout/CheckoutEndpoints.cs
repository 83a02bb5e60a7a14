using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Billing.Features.Subscriptions;
using Saas.Billing.Features.Stripe;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Checkout;

public static class CheckoutEndpoints
{
    private const string RoutePrefix = "/api/billing";

    public static IEndpointRouteBuilder MapCheckoutEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(RoutePrefix).WithTags("Checkout").RequireAuthorization().WithStripeErrors().ProducesProblem(StatusCodes.Status409Conflict)
            .MapPost("/create-checkout-session", CreateCheckoutSession)
            .WithSummary("A Stripe Checkout session for a plan's price (`priceId`, or `planId` + `interval`).");
        return routes;
    }

    public static Task<Results<Ok<CheckoutSessionResponse>, ProblemHttpResult>> CreateCheckoutSession(
        CheckoutRequest request, HttpContext http, CheckoutStarter checkout, CancellationToken ct) =>
        checkout.StartAsync(request, new CheckoutSubscriber(
            SubscriberId.From(http.User), http.User.FindFirst(SaasClaims.Email)?.Value, Name: null,
            "You already have an active subscription. Manage it in the billing portal."), ct);
}

public sealed record CheckoutRequest(string? PriceId, string? PlanId, string? Interval);

public sealed record CheckoutSessionResponse(string SessionId, string Url);
