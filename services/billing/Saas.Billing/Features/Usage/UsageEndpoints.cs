using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Billing.Common;
using Saas.Billing.Features.Plans;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Usage;

/// <summary>
/// Seed 003's usage routes. Tracking past the plan's limit is refused with <b>429</b> (the allowance comes back with
/// the next period or paid invoice; <c>Retry-After</c> says when the month ends) and counts nothing.
/// </summary>
public static class UsageEndpoints
{
    private const string RoutePrefix = "/api/v1/usage";
    private const long MaxQuantity = 1_000_000;

    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Usage").RequireAuthorization();
        group.MapPost("/track", Track).WithSummary("Counts usage of a feature; refused (429) past the plan's monthly limit.");
        group.MapGet("/check/{feature}", Check).WithSummary("Used, limit and remaining for a feature this period (null limit: unlimited).");
        return routes;
    }

    public static async Task<Results<Ok<UsageResponse>, JsonHttpResult<UsageLimitResponse>, JsonHttpResult<ErrorResponse>>> Track(
        TrackRequest request, HttpContext http, UsageMeter meter, PlanCatalog catalog, CancellationToken ct)
    {
        if (Invalid(request.Feature, catalog) is { } error)
        {
            return error;
        }

        var quantity = request.Quantity ?? 1;
        if (quantity is < 1 or > MaxQuantity)
        {
            return ErrorResults.BadRequest($"quantity must be between 1 and {MaxQuantity}", "quantity");
        }

        var (accepted, usage) = await meter.TrackAsync(SubscriberId.From(http.User), request.Feature!, quantity, ct);
        if (!accepted)
        {
            http.Response.Headers.RetryAfter = meter.SecondsToNextPeriod().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var message = usage.Limit == 0
                ? $"Your plan does not include '{usage.Feature}'"
                : $"Usage limit reached for '{usage.Feature}': {usage.Used} of {usage.Limit} used this period";
            return TypedResults.Json(new UsageLimitResponse(message, usage.Feature, usage.Used, usage.Limit, usage.Remaining),
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        return TypedResults.Ok(UsageResponse.Of(usage));
    }

    public static async Task<Results<Ok<UsageResponse>, JsonHttpResult<ErrorResponse>>> Check(
        string feature, HttpContext http, UsageMeter meter, PlanCatalog catalog, CancellationToken ct)
    {
        if (Invalid(feature, catalog) is { } error)
        {
            return error;
        }

        return TypedResults.Ok(UsageResponse.Of(await meter.CheckAsync(SubscriberId.From(http.User), feature, ct)));
    }

    private static JsonHttpResult<ErrorResponse>? Invalid(string? feature, PlanCatalog catalog) => feature switch
    {
        null or "" => ErrorResults.BadRequest("feature is required", "feature"),
        { Length: > 64 } => ErrorResults.BadRequest("feature is too long", "feature"),
        _ when !catalog.IsKnownFeature(feature) => ErrorResults.BadRequest($"Unknown feature '{feature}'", "feature"),
        _ => null,
    };
}

public sealed record TrackRequest(string? Feature, long? Quantity);

public sealed record UsageResponse(string Feature, string Period, long Used, long? Limit, long? Remaining)
{
    public static UsageResponse Of(UsageSnapshot s) => new(s.Feature, s.Period, s.Used, s.Limit, s.Remaining);
}

public sealed record UsageLimitResponse(string Error, string Feature, long Used, long? Limit, long? Remaining);
