namespace Saas.Webhooks.Features.Pipeline;

/// <summary>
/// What an operator watches in the webhook pipeline, read from the event log: events that exhausted their retries,
/// the backlog still waiting for an attempt, and the latest event from another Stripe API version.
/// </summary>
public sealed record PipelineStatus(
    DateTimeOffset MeasuredAt,
    long FailedEvents,
    FailedEvent? LatestFailure,
    long Backlog,
    DateTimeOffset? OldestPendingSince,
    string PinnedApiVersion,
    long DriftedEvents,
    DriftedEvent? LatestDrift)
{
    /// <summary>Age of the oldest event still waiting (received, not yet processed nor failed), zero when none waits.</summary>
    public TimeSpan OldestPendingAge => OldestPendingSince is { } since ? MeasuredAt - since : TimeSpan.Zero;
}

public sealed record FailedEvent(string Id, string StripeEventId, string EventType, DateTimeOffset FailedAt, int Attempts, string? LastError);

public sealed record DriftedEvent(string Id, string StripeEventId, string EventType, string ApiVersion, DateTimeOffset ReceivedAt);
