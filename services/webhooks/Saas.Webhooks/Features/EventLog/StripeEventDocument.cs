using Saas.Storage;

namespace Saas.Webhooks.Features.EventLog;

/// <summary>
/// One Stripe event as received: saasbackend's webhook event document (seed 000) plus what replaying, auditing
/// and ordering need. The raw payload is kept because it is what Stripe signed and what processing reads.
/// </summary>
public sealed class StripeEventDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }

    // --- saasbackend's fields ---
    public string StripeEventId { get; set; } = "";
    public string EventType { get; set; } = "";
    /// <summary><c>data.object</c>.</summary>
    public Dictionary<string, object?> Data { get; set; } = [];
    /// <summary><c>data.previous_attributes</c> (updates only).</summary>
    public Dictionary<string, object?>? PreviousAttributes { get; set; }
    public string Status { get; set; } = EventStatus.Received;
    public int RetryCount { get; set; }
    public List<string> ProcessingErrors { get; set; } = [];
    public DateTimeOffset? ProcessedAt { get; set; }
    /// <summary>When we received it.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    // --- ours ---
    public string Payload { get; set; } = "";
    public string PayloadSha256 { get; set; } = "";
    public string? ApiVersion { get; set; }
    public bool Livemode { get; set; }
    /// <summary>Stripe's <c>created</c>: the order events of one customer are processed in.</summary>
    public DateTimeOffset StripeCreated { get; set; }
    public string? CustomerId { get; set; }
    /// <summary>Events with one key are processed one at a time: the customer, or the event itself when it has none.</summary>
    public string OrderingKey { get; set; } = "";
    /// <summary><c>processed</c> events: <c>published</c> or <c>ignored</c> (a type we do not translate).</summary>
    public string? Outcome { get; set; }
    public List<ProcessingAttempt> Attempts { get; set; } = [];
    /// <summary>When the pending attempt is due; null once processed or failed.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>When the pending attempt was handed to the broker; null until it is (the sweeper's cue).</summary>
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>Set while a replay is pending: the event then travels on the replay queue.</summary>
    public string? PendingReplayId { get; set; }
    public List<ReplayRecord> Replays { get; set; } = [];
    public int DuplicateCount { get; set; }
    /// <summary><c>webhook</c> (a signed delivery) or <c>backfill</c> (fetched from Stripe's API after an outage).</summary>
    public string Source { get; set; } = EventSources.Webhook;
    public List<PayloadDivergence> Divergences { get; set; } = [];
    /// <summary>
    /// W3C <c>traceparent</c> of the delivery that stored the event: processing runs later on a background lane, and
    /// its first dispatch continues this trace so one trace shows gateway → webhooks → broker → billing → identity.
    /// </summary>
    public string? TraceParent { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class EventSources
{
    public const string Webhook = "webhook";
    public const string Backfill = "backfill";
}

/// <summary>saasbackend's status values, kept lower case as it stores them.</summary>
public static class EventStatus
{
    public const string Received = "received";
    public const string Processed = "processed";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Received, Processed, Failed];
}

public sealed class ProcessingAttempt
{
    public DateTimeOffset At { get; set; }
    public double DurationMs { get; set; }
    public string? Error { get; set; }
    public string? TraceId { get; set; }
    public string? ReplayId { get; set; }
    public string? Outcome { get; set; }
}

public sealed class ReplayRecord
{
    public string Id { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public string Reason { get; set; } = "";
    public bool RepeatSideEffects { get; set; }
    /// <summary>Shared by the events of one replay-by-filter request.</summary>
    public string? BatchId { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>A redelivery whose payload differs from the stored one (kept as evidence, never processed).</summary>
public sealed class PayloadDivergence
{
    public DateTimeOffset At { get; set; }
    public string PayloadSha256 { get; set; } = "";
    public string Payload { get; set; } = "";
}
