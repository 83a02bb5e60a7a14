using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Billing.Common;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Stripe;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Checkout;

public static class CheckoutEndpoints
{
    private const string RoutePrefix = "/api/billing";

    public static IEndpointRouteBuilder MapCheckoutEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(RoutePrefix).WithTags("Checkout").RequireAuthorization().AddEndpointFilter<StripeErrorFilter>()
            .MapPost("/create-checkout-session", CreateCheckoutSession)
            .WithSummary("A Stripe Checkout session for a plan's price (`priceId`, or `planId` + `interval`).");
        return routes;
    }

    public static async Task<Results<Ok<CheckoutSessionResponse>, JsonHttpResult<ErrorResponse>>> CreateCheckoutSession(
        CheckoutRequest request, HttpContext http, PlanCatalog catalog, CustomerAccounts customers, StripeGateway stripe,
        IOptions<CheckoutOptions> options, CancellationToken ct)
    {
        var (choice, error) = Resolve(request, catalog);
        if (choice is null)
        {
            return error!;
        }

        var subscriber = SubscriberId.From(http.User);
        var (customerId, customer) = await customers.GetOrCreateAsync(subscriber, http.User.FindFirst(SaasClaims.Email)?.Value, ct);
        if (customer.Override is null && Common.SubscriptionStatuses.GrantsAccess(customer.Stripe?.Status))
        {
            // A second subscription would bill twice; plan changes go through the portal.
            return ErrorResults.Error(StatusCodes.Status409Conflict, "You already have an active subscription. Manage it in the billing portal.");
        }

        var settings = options.Value;
        var (sessionId, url) = await stripe.CreateCheckoutSessionAsync(new CheckoutSessionRequest(
            subscriber, customerId, choice.Value.PriceId, choice.Value.Plan.Id,
            customer.TrialClaimed ? 0 : choice.Value.Plan.TrialDays,
            settings.SuccessUrl, settings.CancelUrl,
            // A fresh key per request: the pipeline's retries of this request share it, a new click makes a new session.
            $"checkout-{subscriber.Key}-{Guid.NewGuid():N}"), ct);
        return TypedResults.Ok(new CheckoutSessionResponse(sessionId, url));
    }

    private static ((Plan Plan, string PriceId)? Choice, JsonHttpResult<ErrorResponse>? Error) Resolve(
        CheckoutRequest request, PlanCatalog catalog)
    {
        if (request.PriceId is { Length: > 0 } priceId)
        {
            return catalog.FindByPrice(priceId) is { } found
                ? ((found.Plan, priceId), null)
                : (null, ErrorResults.BadRequest("Invalid price: not a plan on sale", "priceId"));
        }

        if (request.PlanId is not { Length: > 0 })
        {
            return (null, ErrorResults.BadRequest("priceId is required", "priceId"));
        }

        if (catalog.Find(request.PlanId) is not { } plan)
        {
            return (null, ErrorResults.BadRequest("Unknown plan", "planId"));
        }

        return PlanCatalog.PriceFor(plan, request.Interval ?? "month") is { } price
            ? ((plan, price), null)
            : (null, ErrorResults.BadRequest("The plan has no price for this interval", "interval"));
    }
}

public sealed record CheckoutRequest(string? PriceId, string? PlanId, string? Interval);

public sealed record CheckoutSessionResponse(string SessionId, string Url);
