using System.Diagnostics.Metrics;
using Saas.Billing.Features.Subscriptions;

namespace Saas.Billing.Features.Usage;

/// <summary>
/// Metered usage as operators chart it, on the meter ServiceDefaults exports (<c>Saas</c>): what was counted and what
/// plans refused, per feature and kind of subscriber (user or organization).
/// </summary>
public sealed class UsageMetrics
{
    public const string MeterName = "Saas";
    private readonly Counter<long> tracked;
    private readonly Counter<long> refused;

    public UsageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        tracked = meter.CreateCounter<long>("saas.usage.tracked", "{unit}", "Usage counted against plans (the tracked quantity)");
        refused = meter.CreateCounter<long>("saas.usage.refused", "{request}", "Usage tracking refused by a plan's daily or monthly limit");
    }

    public void Tracked(SubscriberId subscriber, string feature, long quantity) =>
        tracked.Add(quantity, Feature(feature), Kind(subscriber));

    public void Refused(SubscriberId subscriber, string feature, UsageRefusal limit) =>
        refused.Add(1, Feature(feature), Kind(subscriber),
            new KeyValuePair<string, object?>("limit", limit == UsageRefusal.Daily ? "daily" : "monthly"));

    private static KeyValuePair<string, object?> Feature(string feature) => new("feature", feature);

    private static KeyValuePair<string, object?> Kind(SubscriberId subscriber) =>
        new("subscriber_kind", subscriber.IsUser ? "user" : "organization");
}
