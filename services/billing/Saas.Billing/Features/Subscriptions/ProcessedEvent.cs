using Saas.Billing.Common;
using Saas.Contracts;
using Saas.Storage;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>An integration event already handled; the unique index on <see cref="EventId"/> settles concurrent deliveries.</summary>
public sealed class ProcessedEvent : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    public DateTimeOffset ProcessedAt { get; set; }

    /// <summary>Longer than any redelivery window; after that the state machine's ordering alone suffices.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>
/// Runs a consumer's work once per event id. The work itself must be idempotent (it is: the state machine refuses
/// anything not newer), so a crash between the work and the mark only repeats a no-op.
/// </summary>
public sealed class Inbox(BillingStore store, TimeProvider time)
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromDays(30);

    public async Task RunOnceAsync(IIntegrationEvent message, Func<Task> work, CancellationToken ct)
    {
        var id = message.EventId.ToString("N");
        if (await store.ProcessedEvents.CountAsync(e => e.EventId == id, ct) > 0)
        {
            return;
        }

        await work();
        try
        {
            var now = time.GetUtcNow();
            await store.ProcessedEvents.InsertAsync(
                new ProcessedEvent { EventId = id, Type = message.GetType().Name, ProcessedAt = now, ExpiresAt = now + RememberFor }, ct);
        }
        catch (DuplicateKeyException)
        {
            // A concurrent delivery finished first; the work above was a no-op for one of us.
        }
    }
}
