using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Billing.Common;
using Saas.Billing.Features.Plans;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Usage;

/// <summary>
/// Seed 003's usage routes, for the caller's own usage or an organization's (<c>X-Organization-Id</c>, or the
/// <c>/api/v1/organizations/{orgId}/usage/…</c> forms). Tracking past the plan's limit is refused with <b>429</b> (the
/// allowance comes back with the next period or paid invoice; <c>Retry-After</c> says when the month ends) and counts nothing.
/// </summary>
public static class UsageEndpoints
{
    private const string RoutePrefix = "/api/v1/usage";
    private const string OrganizationRoutePrefix = "/api/v1/organizations/{orgId}/usage";
    private const long MaxQuantity = 1_000_000;

    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Usage").RequireAuthorization();
        group.MapPost("/track", Track)
            .WithSummary("Counts usage of a feature (the organization's with X-Organization-Id); refused (429) past the plan's monthly limit.");
        group.MapGet("/check/{feature}", Check)
            .WithSummary("Used, limit and remaining for a feature this period (null limit: unlimited); the organization's with X-Organization-Id.");

        var organization = routes.MapGroup(OrganizationRoutePrefix).WithTags("Usage").RequireAuthorization();
        organization.MapPost("/track", TrackForOrganization).WithSummary("Members but viewers: counts usage against the organization's plan.");
        organization.MapGet("/check/{feature}", CheckForOrganization).WithSummary("Any member: the organization's usage of a feature this period.");
        return routes;
    }

    public static Task<Results<Ok<UsageResponse>, JsonHttpResult<UsageLimitResponse>, JsonHttpResult<ErrorResponse>>> Track(
        TrackRequest request, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers, CancellationToken ct) =>
        TrackAsync(null, request, http, meter, catalog, subscribers, ct);

    public static Task<Results<Ok<UsageResponse>, JsonHttpResult<UsageLimitResponse>, JsonHttpResult<ErrorResponse>>> TrackForOrganization(
        string orgId, TrackRequest request, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers, CancellationToken ct) =>
        TrackAsync(orgId, request, http, meter, catalog, subscribers, ct);

    public static Task<Results<Ok<UsageResponse>, JsonHttpResult<ErrorResponse>>> Check(
        string feature, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers, CancellationToken ct) =>
        CheckAsync(null, feature, http, meter, catalog, subscribers, ct);

    public static Task<Results<Ok<UsageResponse>, JsonHttpResult<ErrorResponse>>> CheckForOrganization(
        string orgId, string feature, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers, CancellationToken ct) =>
        CheckAsync(orgId, feature, http, meter, catalog, subscribers, ct);

    private static async Task<Results<Ok<UsageResponse>, JsonHttpResult<UsageLimitResponse>, JsonHttpResult<ErrorResponse>>> TrackAsync(
        string? organizationId, TrackRequest request, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers,
        CancellationToken ct)
    {
        var (subscriber, refused) = await subscribers.ResolveAsync(http, organizationId, tracking: true, ct);
        if (subscriber is null)
        {
            return refused!;
        }

        if (Invalid(request.Feature, catalog) is { } error)
        {
            return error;
        }

        var quantity = request.Quantity ?? 1;
        if (quantity is < 1 or > MaxQuantity)
        {
            return ErrorResults.BadRequest($"quantity must be between 1 and {MaxQuantity}", "quantity");
        }

        var (accepted, usage) = await meter.TrackAsync(subscriber.Value, request.Feature!, quantity, ct);
        if (!accepted)
        {
            http.Response.Headers.RetryAfter = meter.SecondsToNextPeriod().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var message = usage.Limit == 0
                ? $"{(subscriber.Value.IsUser ? "Your" : "The organization's")} plan does not include '{usage.Feature}'"
                : $"Usage limit reached for '{usage.Feature}': {usage.Used} of {usage.Limit} used this period";
            return TypedResults.Json(new UsageLimitResponse(message, usage.Feature, usage.Used, usage.Limit, usage.Remaining),
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        return TypedResults.Ok(UsageResponse.Of(usage));
    }

    private static async Task<Results<Ok<UsageResponse>, JsonHttpResult<ErrorResponse>>> CheckAsync(
        string? organizationId, string feature, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers,
        CancellationToken ct)
    {
        var (subscriber, refused) = await subscribers.ResolveAsync(http, organizationId, tracking: false, ct);
        if (subscriber is null)
        {
            return refused!;
        }

        if (Invalid(feature, catalog) is { } error)
        {
            return error;
        }

        return TypedResults.Ok(UsageResponse.Of(await meter.CheckAsync(subscriber.Value, feature, ct)));
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
