using Stripe;

namespace Saas.Billing.Features.Stripe;

/// <summary>A subscription as Stripe reports it when asked (reconcile, checkout completion, cancel).</summary>
public sealed record LiveSubscription(
    string Id,
    string? CustomerId,
    string Status,
    string? PriceId,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? CancelAt,
    DateTimeOffset? TrialEnd,
    DateTimeOffset? CanceledAt,
    DateTimeOffset Created,
    string? UserId)
{
    public static LiveSubscription From(Subscription s)
    {
        var item = s.Items?.Data?.FirstOrDefault();
        return new LiveSubscription(
            s.Id,
            s.CustomerId,
            s.Status,
            item?.Price?.Id,
            // On the item since API 2025-03-31; the subscription-level field is gone from the pinned API version.
            item is null ? null : Utc((DateTime?)item.CurrentPeriodEnd),
            s.CancelAtPeriodEnd,
            Utc(s.CancelAt),
            Utc(s.TrialEnd),
            Utc(s.CanceledAt),
            Utc(s.Created),
            s.Metadata is { } m && m.TryGetValue("userId", out var user) ? user : null);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    // Stripe.net leaves an absent timestamp at its default (or the Unix epoch): that is "none", not 1970.
    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v && v > DateTime.UnixEpoch ? Utc(v) : null;
}
