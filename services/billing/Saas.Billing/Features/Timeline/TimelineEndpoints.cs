using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Billing.Storage;
using Saas.Billing.Features.Subscriptions;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Security;

namespace Saas.Billing.Features.Timeline;

/// <summary>
/// What admin's customer timeline and replay preview read from billing: a subscriber's status transitions and usage
/// resets, and the effect a replay of translated Stripe events would have. Internal key required; never routed.
/// </summary>
public static class TimelineEndpoints
{
    private const string RoutePrefix = "/internal/billing";

    public static IEndpointRouteBuilder MapTimelineEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Internal").ExcludeFromDescription()
            .RequireInternalApiKey(services => services.GetRequiredService<IOptions<InternalApiOptions>>().Value.InternalApiKey);
        group.MapGet("/timeline/{kind}/{id}", GetAsync).WithSummary("A user's or organization's status transitions and usage resets.");
        group.MapPost("/replay-preview", ReplayPreview.PreviewAsync)
            .WithSummary("What replaying these translated Stripe events would change, computed on copies: nothing is written.");
        return routes;
    }

    public static async Task<Results<Ok<BillingTimeline>, ProblemHttpResult>> GetAsync(
        string kind, string id, BillingStore store, CancellationToken ct)
    {
        if (kind is not (SubscriberId.UserKind or SubscriberId.OrganizationKind))
        {
            return ErrorResults.BadRequest("kind must be user or organization", "kind");
        }

        var subscriber = new SubscriberId(kind, id);
        var customer = await store.Customers.GetAsync(subscriber.Key, ct);
        var resets = await store.UsageResets.FindAsync(r => r.SubscriberKey == subscriber.Key, new() { SortBy = [new(r => r.ResetAt)] }, ct);
        return TypedResults.Ok(new BillingTimeline(
            kind, id, customer?.StripeCustomerId,
            customer is null ? SubscriptionStatuses.None : EffectiveState.Of(customer).Status,
            customer?.Transitions ?? [],
            resets.Select(r => new UsageResetEntry(r.Id, r.ResetAt)).ToList()));
    }
}

public sealed record BillingTimeline(
    string SubscriberKind, string SubscriberId, string? StripeCustomerId, string Status,
    IReadOnlyList<SubscriptionTransition> Transitions, IReadOnlyList<UsageResetEntry> UsageResets);

/// <summary>A paid invoice that started the subscriber's usage afresh.</summary>
public sealed record UsageResetEntry(string InvoiceId, DateTimeOffset ResetAt);
