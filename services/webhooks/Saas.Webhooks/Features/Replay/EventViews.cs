using System.Text.Json.Serialization;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Pipeline;

namespace Saas.Webhooks.Features.Replay;

/// <summary>A row of the event list.</summary>
public sealed record EventSummary(
    string Id, string StripeEventId, string EventType, string Status, string? CustomerId, bool Livemode, string? ApiVersion,
    DateTimeOffset StripeCreated, DateTimeOffset CreatedAt, DateTimeOffset? ProcessedAt, string? Outcome, int RetryCount,
    DateTimeOffset? NextAttemptAt, int AttemptCount, int ReplayCount, int DivergenceCount, int DuplicateCount)
{
    public static EventSummary From(StripeEventDocument e) => new(
        e.Id, e.StripeEventId, e.EventType, e.Status, e.CustomerId, e.Livemode, e.ApiVersion, e.StripeCreated, e.CreatedAt,
        e.ProcessedAt, e.Outcome, e.RetryCount, e.NextAttemptAt, e.Attempts.Count, e.Replays.Count, e.Divergences.Count,
        e.DuplicateCount);

    /// <summary>True when <see cref="ApiVersion"/> is not the version Stripe.net is pinned to (issue 19 item 6).</summary>
    public bool ApiVersionDrifted => ApiVersionDrift.IsDrifted(ApiVersion);

    /// <summary>The same id under saasbackend's name (its rows are MongoDB documents).</summary>
    [JsonPropertyName("_id")]
    public string DocumentId => Id;
}

/// <summary>Everything stored about one event, for support staff.</summary>
public sealed record EventDetail(
    string Id, string StripeEventId, string EventType, string Status, string? CustomerId, bool Livemode, string? ApiVersion,
    DateTimeOffset StripeCreated, DateTimeOffset CreatedAt, DateTimeOffset? ProcessedAt, string? Outcome, int RetryCount,
    IReadOnlyList<string> ProcessingErrors, DateTimeOffset? NextAttemptAt, DateTimeOffset? PublishedAt, string? PendingReplayId,
    Dictionary<string, object?> Data, Dictionary<string, object?>? PreviousAttributes, string PayloadSha256, string Payload,
    IReadOnlyList<ProcessingAttempt> Attempts, IReadOnlyList<ReplayRecord> Replays, IReadOnlyList<PayloadDivergence> Divergences,
    int DuplicateCount)
{
    public static EventDetail From(StripeEventDocument e) => new(
        e.Id, e.StripeEventId, e.EventType, e.Status, e.CustomerId, e.Livemode, e.ApiVersion, e.StripeCreated, e.CreatedAt,
        e.ProcessedAt, e.Outcome, e.RetryCount, e.ProcessingErrors, e.NextAttemptAt, e.PublishedAt, e.PendingReplayId,
        e.Data, e.PreviousAttributes, e.PayloadSha256, e.Payload, e.Attempts, e.Replays, e.Divergences, e.DuplicateCount);

    /// <summary>True when <see cref="ApiVersion"/> is not the version Stripe.net is pinned to.</summary>
    public bool ApiVersionDrifted => ApiVersionDrift.IsDrifted(ApiVersion);

    /// <summary>The version Stripe.net is pinned to, beside the event's own.</summary>
    public string PinnedApiVersion => ApiVersionDrift.Pinned;

    /// <summary>The same id under saasbackend's name.</summary>
    [JsonPropertyName("_id")]
    public string DocumentId => Id;
}

/// <summary>One page of events: ours (<c>page</c>, <c>pageSize</c>) and saasbackend's <c>pagination</c> (<c>limit</c>, <c>offset</c>).</summary>
public sealed record EventPage(IReadOnlyList<EventSummary> Events, long Total, int Page, int PageSize, Pagination Pagination);

public sealed record Pagination(long Total, int Limit, int Offset);

public sealed record StatusCounts(long Received, long Processed, long Failed, long Total);

public sealed record ReplayOneRequest(string? Reason, string? RequestedBy, bool RepeatSideEffects = false);

public sealed record ReplayOneResponse(string ReplayId, string Id, string StripeEventId);

public sealed record ReplayFilterRequest(
    string? Status, string? Type, string? Customer, DateTimeOffset? From, DateTimeOffset? To,
    string? Reason, string? RequestedBy, bool DryRun = false, bool RepeatSideEffects = false)
{
    public EventFilter Filter => new(Status, Type, Customer, From, To);
}

public sealed record ReplayFilterResponse(long Count, bool DryRun, string? BatchId);
