using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Billing.Features.Plans;
using Saas.ServiceDefaults.Authentication.ApiKeys;
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
        // An API key without the scope is refused (403); a limit reached answers 429 on track.
        var group = routes.MapGroup(RoutePrefix).WithTags("Usage").RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/track", Track).ProducesProblem(StatusCodes.Status429TooManyRequests).AllowApiKey(ApiKeyScopes.UsageWrite)
            .WithSummary("Counts usage of a feature (the organization's with X-Organization-Id); refused (429) past the plan's daily or monthly limit.");
        group.MapGet("/check/{feature}", Check).AllowApiKey(ApiKeyScopes.UsageRead)
            .WithSummary("This month's used/limit/remaining, today's, and the total (null limit: unlimited); the organization's with X-Organization-Id.");

        var organization = routes.MapGroup(OrganizationRoutePrefix).WithTags("Usage").RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden);
        organization.MapPost("/track", TrackForOrganization).ProducesProblem(StatusCodes.Status429TooManyRequests).AllowApiKey(ApiKeyScopes.UsageWrite)
            .WithSummary("Members but viewers: counts usage against the organization's plan.");
        organization.MapGet("/check/{feature}", CheckForOrganization).AllowApiKey(ApiKeyScopes.UsageRead)
            .WithSummary("Any member: the organization's usage of a feature this period.");
        return routes;
    }

    public static Task<Results<Ok<UsageResponse>, ProblemHttpResult>> Track(
        TrackRequest request, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers, BypassKeys bypass, CancellationToken ct) =>
        TrackAsync(null, request, http, meter, catalog, subscribers, bypass, ct);

    public static Task<Results<Ok<UsageResponse>, ProblemHttpResult>> TrackForOrganization(
        string orgId, TrackRequest request, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers, BypassKeys bypass,
        CancellationToken ct) =>
        TrackAsync(orgId, request, http, meter, catalog, subscribers, bypass, ct);

    public static Task<Results<Ok<UsageResponse>, ProblemHttpResult>> Check(
        string feature, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers, CancellationToken ct) =>
        CheckAsync(null, feature, http, meter, catalog, subscribers, ct);

    public static Task<Results<Ok<UsageResponse>, ProblemHttpResult>> CheckForOrganization(
        string orgId, string feature, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers, CancellationToken ct) =>
        CheckAsync(orgId, feature, http, meter, catalog, subscribers, ct);

    private static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> TrackAsync(
        string? organizationId, TrackRequest request, HttpContext http, UsageMeter meter, PlanCatalog catalog, UsageSubscribers subscribers,
        BypassKeys bypass, CancellationToken ct)
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

        var bypassLimits = await bypass.AppliesToAsync(http.User, ct);
        var (refusal, usage) = await meter.TrackAsync(subscriber.Value, request.Feature!, quantity, bypassLimits, ct);
        if (refusal != UsageRefusal.None)
        {
            http.Response.Headers.RetryAfter = meter.SecondsUntilAllowanceReturns(refusal).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var message = usage.Limit == 0
                ? $"{(subscriber.Value.IsUser ? "Your" : "The organization's")} plan does not include '{usage.Feature}'"
                : refusal == UsageRefusal.Daily
                    ? $"Daily usage limit reached for '{usage.Feature}': {usage.Daily.Used} of {usage.Daily.Limit} used today"
                    : $"Usage limit reached for '{usage.Feature}': {usage.Used} of {usage.Limit} used this period";
            return ErrorResults.Error(StatusCodes.Status429TooManyRequests, message, extensions: new Dictionary<string, object?>
            {
                ["feature"] = usage.Feature,
                ["used"] = usage.Used,
                ["limit"] = usage.Limit,
                ["remaining"] = usage.Remaining,
                ["limitType"] = refusal == UsageRefusal.Daily ? "daily" : "monthly",
                ["daily"] = DailyUsage.Of(usage.Daily),
            });
        }

        return TypedResults.Ok(UsageResponse.Of(usage));
    }

    private static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> CheckAsync(
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

    private static ProblemHttpResult? Invalid(string? feature, PlanCatalog catalog) => feature switch
    {
        null or "" => ErrorResults.BadRequest("feature is required", "feature"),
        { Length: > 64 } => ErrorResults.BadRequest("feature is too long", "feature"),
        _ when !catalog.IsKnownFeature(feature) => ErrorResults.BadRequest($"Unknown feature '{feature}'", "feature"),
        _ => null,
    };
}

public sealed record TrackRequest(string? Feature, long? Quantity);

/// <summary>
/// <c>period</c>/<c>used</c>/<c>limit</c>/<c>remaining</c> are this month's (as before daily limits existed); <c>daily</c> is
/// today's (UTC), <c>total</c> everything ever counted.
/// </summary>
public sealed record UsageResponse(string Feature, string Period, long Used, long? Limit, long? Remaining, DailyUsage Daily, long Total)
{
    public static UsageResponse Of(UsageSnapshot s) => new(s.Feature, s.Period, s.Used, s.Limit, s.Remaining, DailyUsage.Of(s.Daily), s.Total);
}

public sealed record DailyUsage(string Period, long Used, long? Limit, long? Remaining)
{
    public static DailyUsage Of(PeriodUsage p) => new(p.Period, p.Used, p.Limit, p.Remaining);
}

