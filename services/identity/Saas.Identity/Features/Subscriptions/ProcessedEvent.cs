using Saas.Storage;

namespace Saas.Identity.Features.Subscriptions;

/// <summary>An event already applied; the unique index on <see cref="EventId"/> makes a redelivery a no-op.</summary>
public sealed class ProcessedEvent : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string EventId { get; set; } = "";

    public DateTimeOffset ProcessedAt { get; set; }

    /// <summary>Kept long enough to outlast any redelivery or replay window, then purged.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
