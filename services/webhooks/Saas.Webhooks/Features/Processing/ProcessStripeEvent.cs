namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// Internal command: "the stored event <see cref="StoredEventId"/> has work pending". Sent to the webhooks
/// service's own queue; its namespace and name are its wire identity, so they stay as they are.
/// </summary>
public sealed record ProcessStripeEvent
{
    public required string StoredEventId { get; init; }

    /// <summary>The event's customer (its ordering key), so the consumer need not read the event to know whose work it is; absent in older messages.</summary>
    public string? OrderingKey { get; init; }
}

/// <summary>The same for a replay, on its own queue with its own concurrency limit.</summary>
public sealed record ReplayStripeEvent
{
    public required string StoredEventId { get; init; }

    /// <summary>As <see cref="ProcessStripeEvent.OrderingKey"/>.</summary>
    public string? OrderingKey { get; init; }
}

/// <summary>Which queue an event travels on: first deliveries and their retries, or replays.</summary>
public enum ProcessingLane
{
    Live,
    Replay,
}

public static class ProcessingQueues
{
    public const string Live = "webhooks-process-stripe-event";
    public const string Replay = "webhooks-replay-stripe-event";

    public static ProcessingLane LaneOf(EventLog.StripeEventDocument e) =>
        e.PendingReplayId is null ? ProcessingLane.Live : ProcessingLane.Replay;
}
