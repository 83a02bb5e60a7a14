using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Stripe;

/// <summary>Stripe could not be reached or answered with a failure of its own (5xx, 429, timeout, open circuit).</summary>
public sealed class StripeUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Stripe refused a request of ours (4xx): our configuration or data is wrong, retrying will not help.</summary>
public sealed class StripeRejectedException(string message, string? code, Exception? inner = null) : Exception(message, inner)
{
    public string? Code { get; } = code;
}

/// <summary>Turns Stripe failures on user routes into saasbackend's <c>{ error }</c> bodies.</summary>
public sealed class StripeErrorFilter(ILogger<StripeErrorFilter> logger) : IEndpointFilter
{
    public const string UnavailableMessage = "The payment provider is unavailable. Please try again later.";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StripeUnavailableException ex)
        {
            logger.LogWarning(ex, "Stripe unavailable: {Reason}", ex.Message);
            context.HttpContext.Response.Headers.RetryAfter = "30";
            return ErrorResults.Error(StatusCodes.Status503ServiceUnavailable, UnavailableMessage);
        }
        catch (StripeRejectedException ex)
        {
            // Stripe's message can name our objects (prices, customers); the client gets a generic one.
            logger.LogError(ex, "Stripe rejected a request: {Code} {Reason}", ex.Code, ex.Message);
            return ErrorResults.Error(StatusCodes.Status502BadGateway, "The payment provider refused the request.");
        }
    }
}

public static class StripeErrorEndpoints
{
    /// <summary>
    /// Stripe's failures answered as problems by <see cref="StripeErrorFilter"/> (502 for Stripe's refusal, 503 while it
    /// cannot be reached), and listed as such in the OpenAPI document.
    /// </summary>
    public static TBuilder WithStripeErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, StripeErrorFilter>()
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
