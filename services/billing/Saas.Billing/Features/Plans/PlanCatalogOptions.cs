using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Saas.Billing.Features.Plans;

/// <summary>The plans on sale, from configuration (<c>Billing:Plans:N:…</c>), as seed 001's products.</summary>
public sealed partial class PlanCatalogOptions : IValidatableObject
{
    public const string SectionName = "Billing";

    public List<Plan> Plans { get; set; } = [];

    /// <summary>
    /// The plan of subscribers without a live subscription (seed 001's <c>basic</c>). Default: the first plan
    /// without prices.
    /// </summary>
    public string? DefaultPlanId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Plans.Count; i++)
        {
            var plan = Plans[i];
            if (string.IsNullOrWhiteSpace(plan.Id) || !PlanId().IsMatch(plan.Id))
            {
                yield return new ValidationResult("must be lowercase letters, digits or dashes", [$"Plans:{i}:Id"]);
            }

            if (string.IsNullOrWhiteSpace(plan.Name))
            {
                yield return new ValidationResult("is required", [$"Plans:{i}:Name"]);
            }

            if (plan.TrialDays is < 0 or > 730)
            {
                yield return new ValidationResult("must be between 0 and 730", [$"Plans:{i}:TrialDays"]);
            }

            foreach (var (feature, limit) in plan.Limits.Where(l => l.Value < -1))
            {
                yield return new ValidationResult("must be -1 (unlimited) or more", [$"Plans:{i}:Limits:{feature}"]);
            }

            foreach (var (feature, limit) in plan.DailyLimits.Where(l => l.Value < -1))
            {
                yield return new ValidationResult("must be -1 (unlimited) or more", [$"Plans:{i}:DailyLimits:{feature}"]);
            }

            foreach (var feature in plan.DailyLimits.Keys.Where(f => !plan.Limits.ContainsKey(f)))
            {
                yield return new ValidationResult("a daily limit needs the feature in Limits too", [$"Plans:{i}:DailyLimits:{feature}"]);
            }
        }

        if (DefaultPlanId is { Length: > 0 } defaultPlan && Plans.All(p => p.Id != defaultPlan))
        {
            yield return new ValidationResult($"names no plan of Billing:Plans ('{defaultPlan}')", [nameof(DefaultPlanId)]);
        }

        foreach (var duplicate in Plans.GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"plan id '{duplicate.Key}' is used twice", ["Plans"]);
        }
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex PlanId();
}

public sealed class Plan
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Stripe price id per billing interval (<c>month</c>, <c>year</c>).</summary>
    public Dictionary<string, string> Prices { get; set; } = [];

    public int TrialDays { get; set; }

    /// <summary>Monthly allowance per feature; -1 means unlimited.</summary>
    public Dictionary<string, long> Limits { get; set; } = [];

    /// <summary>Daily allowance (UTC day) per feature, on top of the monthly one; absent or -1 means no daily cap.</summary>
    public Dictionary<string, long> DailyLimits { get; set; } = [];
}
