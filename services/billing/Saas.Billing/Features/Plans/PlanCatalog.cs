using Microsoft.Extensions.Options;

namespace Saas.Billing.Features.Plans;

/// <summary>Lookups over the configured plans: by price, by plan and interval, and the plan of non-subscribers.</summary>
public sealed class PlanCatalog(IOptions<PlanCatalogOptions> options)
{
    private readonly PlanCatalogOptions catalog = options.Value;

    public IReadOnlyList<Plan> Plans => catalog.Plans;

    /// <summary>
    /// The plan of anyone without a live paid subscription (seed 001's <c>basic</c>): <c>Billing:DefaultPlanId</c>,
    /// else the first plan with no prices; null when the catalog has neither.
    /// </summary>
    public Plan? DefaultPlan =>
        catalog.DefaultPlanId is { Length: > 0 } id ? Find(id) : catalog.Plans.FirstOrDefault(p => p.Prices.Count == 0);

    public Plan? Find(string? planId) => planId is null ? null : catalog.Plans.FirstOrDefault(p => p.Id == planId);

    /// <summary>The plan selling <paramref name="priceId"/>, with the interval it is billed at.</summary>
    public (Plan Plan, string Interval)? FindByPrice(string? priceId)
    {
        foreach (var plan in catalog.Plans)
        {
            foreach (var (interval, price) in plan.Prices)
            {
                if (price == priceId)
                {
                    return (plan, interval);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The price id of <paramref name="plan"/> at <paramref name="interval"/>; seed 001 spells intervals
    /// <c>monthly</c>/<c>annually</c>, Stripe <c>month</c>/<c>year</c>: both are accepted.
    /// </summary>
    public static string? PriceFor(Plan plan, string? interval)
    {
        var normalized = interval?.Trim().ToLowerInvariant() switch
        {
            "monthly" => "month",
            "annually" or "annual" or "yearly" => "year",
            "weekly" => "week",
            "daily" => "day",
            var other => other,
        };
        return normalized is not null && plan.Prices.TryGetValue(normalized, out var price) ? price : null;
    }

    /// <summary>Every feature any plan limits: tracking another name is a client mistake, not a zero allowance.</summary>
    public bool IsKnownFeature(string feature) => catalog.Plans.Any(p => p.Limits.ContainsKey(feature));

    /// <summary>
    /// The monthly allowance of <paramref name="feature"/> on <paramref name="plan"/>: null for unlimited,
    /// 0 when the plan does not include it.
    /// </summary>
    public static long? LimitOf(Plan? plan, string feature) =>
        plan is not null && plan.Limits.TryGetValue(feature, out var limit) ? (limit < 0 ? null : limit) : 0;

    /// <summary>The daily allowance of <paramref name="feature"/> on <paramref name="plan"/>: null when there is no daily cap.</summary>
    public static long? DailyLimitOf(Plan? plan, string feature) =>
        plan is not null && plan.DailyLimits.TryGetValue(feature, out var limit) && limit >= 0 ? limit : null;
}
