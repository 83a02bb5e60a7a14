using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Saas.Billing.Features.Plans;

public static class PlansEndpoints
{
    private const string RoutePrefix = "/api/billing";

    public static IEndpointRouteBuilder MapPlansEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Plans");
        group.MapGet("/plans", GetPlans).WithSummary("The plans on sale, with their prices, trial and limits (public).");
        return routes;
    }

    public static Ok<PlansResponse> GetPlans(IOptions<PlanCatalogOptions> catalog) =>
        TypedResults.Ok(new PlansResponse(catalog.Value.Plans.Select(p =>
            new PlanResponse(p.Id, p.Name, p.Prices, p.TrialDays, p.Limits, p.DailyLimits)).ToList()));
}

public sealed record PlansResponse(IReadOnlyList<PlanResponse> Plans);

public sealed record PlanResponse(
    string Id, string Name, IReadOnlyDictionary<string, string> Prices, int TrialDays, IReadOnlyDictionary<string, long> Limits,
    IReadOnlyDictionary<string, long> DailyLimits);
