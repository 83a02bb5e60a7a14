using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Billing.Storage;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Subscriptions;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Security;

namespace Saas.Billing.Features.Usage;

/// <summary>
/// What admin calls for staff (it checks the role and writes the audit entry): a user's usage of every feature, set or
/// reset a counter (seed 001's <c>usage.set</c>), and the keys that bypass limits. Never routed by the gateway.
/// </summary>
public static class UsageAdministrationEndpoints
{
    private const string SubscriberPrefix = "/internal/billing/subscribers/{userId}/usage";
    private const string BypassPrefix = "/internal/billing/usage/bypass-keys";
    private const long MaxValue = 1_000_000_000_000;

    public static IEndpointRouteBuilder MapUsageAdministrationEndpoints(this IEndpointRouteBuilder routes)
    {
        var subscriber = routes.MapGroup(SubscriberPrefix).WithTags("Internal").ExcludeFromDescription().RequireInternalApiKey(Key);
        subscriber.MapGet("", GetAll).WithSummary("The user's usage of every feature the plans know.");
        subscriber.MapPut("/{feature}", Set).WithSummary("Sets this month's, today's and/or the total counter.");
        subscriber.MapDelete("/{feature}", Reset).WithSummary("Sets this month's and today's counters to 0 (the total stays).");

        var bypass = routes.MapGroup(BypassPrefix).WithTags("Internal").ExcludeFromDescription().RequireInternalApiKey(Key);
        bypass.MapGet("", ListBypass).WithSummary("The API keys that bypass usage limits.");
        bypass.MapPut("/{keyId}", PutBypass).WithSummary("Marks an API key as bypassing usage limits.");
        bypass.MapDelete("/{keyId}", DeleteBypass).WithSummary("Subjects the API key to limits again.");
        return routes;
    }

    public static async Task<Ok<UserUsageResponse>> GetAll(string userId, UsageMeter meter, PlanCatalog catalog, CancellationToken ct)
    {
        var features = catalog.Plans.SelectMany(p => p.Limits.Keys).Distinct().Order(StringComparer.Ordinal);
        var usage = new List<UsageResponse>();
        foreach (var feature in features)
        {
            usage.Add(UsageResponse.Of(await meter.CheckAsync(SubscriberId.ForUser(userId), feature, ct)));
        }

        return TypedResults.Ok(new UserUsageResponse(userId, usage));
    }

    public static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> Set(
        string userId, string feature, SetUsageRequest request, UsageMeter meter, PlanCatalog catalog, CancellationToken ct)
    {
        if (!catalog.IsKnownFeature(feature))
        {
            return ErrorResults.BadRequest($"Unknown feature '{feature}'", "feature");
        }

        if (request.Monthly is null && request.Daily is null && request.Total is null)
        {
            return ErrorResults.BadRequest("Give at least one of monthly, daily, total", "monthly");
        }

        foreach (var (name, value) in new[] { ("monthly", request.Monthly), ("daily", request.Daily), ("total", request.Total) })
        {
            if (value is < 0 or > MaxValue)
            {
                return ErrorResults.BadRequest($"{name} must be between 0 and {MaxValue}", name);
            }
        }

        return TypedResults.Ok(UsageResponse.Of(
            await meter.SetAsync(SubscriberId.ForUser(userId), feature, request.Monthly, request.Daily, request.Total, ct)));
    }

    public static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> Reset(
        string userId, string feature, UsageMeter meter, PlanCatalog catalog, CancellationToken ct) =>
        catalog.IsKnownFeature(feature)
            ? TypedResults.Ok(UsageResponse.Of(await meter.SetAsync(SubscriberId.ForUser(userId), feature, 0, 0, null, ct)))
            : ErrorResults.BadRequest($"Unknown feature '{feature}'", "feature");

    public static async Task<Ok<BypassKeysResponse>> ListBypass(BillingStore store, CancellationToken ct) =>
        TypedResults.Ok(new BypassKeysResponse(
            (await store.UsageBypassKeys.FindAsync(_ => true, new() { Take = 1000 }, ct)).Select(BypassKeyResponse.Of).ToList()));

    public static async Task<Results<Ok<BypassKeyResponse>, ProblemHttpResult>> PutBypass(
        string keyId, BypassRequest request, BillingStore store, TimeProvider time, CancellationToken ct)
    {
        if (keyId.Length is 0 or > 64)
        {
            return ErrorResults.BadRequest("keyId is not an API key id", "keyId");
        }

        var entry = await store.UsageBypassKeys.GetAsync(keyId, ct);
        if (entry is null)
        {
            entry = new UsageBypassKey { Id = keyId, Reason = request.Reason, SetBy = request.SetBy, SetAt = time.GetUtcNow() };
            try
            {
                await store.UsageBypassKeys.InsertAsync(entry, ct);
            }
            catch (Saas.Storage.DuplicateKeyException)
            {
                entry = await store.UsageBypassKeys.GetAsync(keyId, ct) ?? entry; // marked twice at once: the first stays
            }
        }

        return TypedResults.Ok(BypassKeyResponse.Of(entry));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteBypass(string keyId, BillingStore store, CancellationToken ct) =>
        await store.UsageBypassKeys.DeleteAsync(keyId, ct)
            ? TypedResults.NoContent()
            : ErrorResults.Error(StatusCodes.Status404NotFound, "That API key does not bypass limits");

    private static string? Key(IServiceProvider services) => services.GetRequiredService<IOptions<InternalApiOptions>>().Value.InternalApiKey;
}

/// <summary>Counter values to set; null leaves that counter as it is.</summary>
public sealed record SetUsageRequest(long? Monthly, long? Daily, long? Total);

public sealed record UserUsageResponse(string UserId, IReadOnlyList<UsageResponse> Usage);

public sealed record BypassRequest(string? Reason, string? SetBy);

public sealed record BypassKeyResponse(string KeyId, string? Reason, string? SetBy, DateTimeOffset SetAt)
{
    public static BypassKeyResponse Of(UsageBypassKey k) => new(k.Id, k.Reason, k.SetBy, k.SetAt);
}

public sealed record BypassKeysResponse(IReadOnlyList<BypassKeyResponse> Keys);
