using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Billing.Features.Subscriptions;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Stripe;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Checkout;

/// <summary>Who a checkout is for: the subscriber, the e-mail and name its Stripe customer gets, and how to say it is subscribed already.</summary>
public sealed record CheckoutSubscriber(SubscriberId Id, string? Email, string? Name, string AlreadySubscribedMessage);

/// <summary>
/// The one checkout path, for a user and for an organization alike: the plan's price, the subscriber's Stripe customer
/// (created once), then a subscription-mode Checkout Session. Nothing is written before the price is known to be on sale.
/// </summary>
public sealed class CheckoutStarter(PlanCatalog catalog, CustomerAccounts customers, StripeGateway stripe, IOptions<CheckoutOptions> options)
{
    public async Task<Results<Ok<CheckoutSessionResponse>, ProblemHttpResult>> StartAsync(
        CheckoutRequest request, CheckoutSubscriber subscriber, CancellationToken ct)
    {
        var (choice, error) = Resolve(request);
        if (choice is null)
        {
            return error!;
        }

        var (customerId, customer) = await customers.GetOrCreateAsync(subscriber.Id, subscriber.Email, subscriber.Name, ct);
        if (customer.Override is null && SubscriptionStatuses.GrantsAccess(customer.Stripe?.Status))
        {
            // A second subscription would bill twice; plan changes go through the portal.
            return ErrorResults.Error(StatusCodes.Status409Conflict, subscriber.AlreadySubscribedMessage);
        }

        var settings = options.Value;
        var key = subscriber.Id.Key;
        var (sessionId, url) = await stripe.CreateCheckoutSessionAsync(new CheckoutSessionRequest(
            subscriber.Id, customerId, choice.Value.PriceId, choice.Value.Plan.Id,
            customer.TrialClaimed ? 0 : choice.Value.Plan.TrialDays,
            settings.SuccessUrl, settings.CancelUrl,
            // A fresh key per request: the pipeline's retries of this request share it, a new click makes a new session.
            $"checkout-{key}-{Guid.NewGuid():N}"), ct);
        return TypedResults.Ok(new CheckoutSessionResponse(sessionId, url));
    }

    private ((Plan Plan, string PriceId)? Choice, ProblemHttpResult? Error) Resolve(CheckoutRequest request)
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
