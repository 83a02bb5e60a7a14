using System.Linq.Expressions;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saas.Contracts;
using Saas.Storage;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>
/// A document that keeps the events of its own changes (an outbox inside the document): a change and its events are
/// written by one compare-and-swap, so an event is never published for a change that was not written, nor lost for one
/// that was. <see cref="PendingEventsRelay{T}"/> publishes and removes them.
/// </summary>
public interface IHasPendingEvents : IDocument
{
    /// <summary>Events written with the document's changes and not yet published, oldest first.</summary>
    List<PendingEvent> PendingEvents { get; set; }

    /// <summary><c>PendingEvents.Count &gt; 0</c> as an indexed field: what the relay's sweep looks for.</summary>
    bool HasPendingEvents { get; set; }
}

public static class PendingEventsExtensions
{
    /// <summary>
    /// Adds <paramref name="message"/> to the document's pending events; call it inside the change that is about to be
    /// written (an update's callback), so the event commits with it. Returns the event's id.
    /// </summary>
    public static string Stage<T>(this IHasPendingEvents document, T message, DateTimeOffset now) where T : class, IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(document);
        var pending = PendingEvent.Of(message, now);
        document.PendingEvents.Add(pending);
        document.HasPendingEvents = true;
        return pending.EventId;
    }
}

/// <summary>How a <see cref="PendingEventsRelay{T}"/> sweeps, and what it does once a document's events are out.</summary>
public sealed class PendingEventsRelayOptions<T> where T : class, IHasPendingEvents
{
    /// <summary>How often the relay looks for events nobody published (and once at start).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An event younger than this belongs to the writer that stored it (it is publishing it right now); the sweep and
    /// other writers publish only older ones, so a live writer's event is not published twice.
    /// </summary>
    public TimeSpan OrphanedAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one relay waits for the broker to take its events. MassTransit holds a publish while the broker is
    /// unreachable; a writer's request must not hang on that: what is not out by then waits for the sweep.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs when a document has no pending events left after a relay (e.g. removes a document marked deleted).</summary>
    public Func<IServiceProvider, T, CancellationToken, Task>? AfterRelayedAsync { get; set; }

    /// <summary>Documents without pending events the sweep hands to <see cref="AfterRelayedAsync"/> too (a crash left its work undone).</summary>
    public Expression<Func<T, bool>>? AlsoSweep { get; set; }
}

/// <summary>
/// The one relay for events kept inside documents (<see cref="IHasPendingEvents"/>): publishes a document's pending
/// events in the order written, through MassTransit, then removes them with a compare-and-swap update. The writer calls
/// <see cref="RelayAsync"/> right after its write with the ids it staged; what a writer could not publish (broker down,
/// process killed) is published by the sweep once older than <see cref="PendingEventsRelayOptions{T}.OrphanedAfter"/>.
/// Delivery is at least once (a crash between publish and removal publishes again): consumers drop a repeat by its
/// event id (<see cref="MessageInbox"/>). Register with <see cref="OutboxExtensions.AddPendingEventsRelay{T}"/>.
/// </summary>
public sealed class PendingEventsRelay<T>(
    IDocumentCollection<T> documents,
    PendingEventsRelayOptions<T> options,
    IServiceProvider services,
    IBus bus,
    TimeProvider time,
    ILogger<PendingEventsRelay<T>> logger,
    BrokerConnection? broker = null) : BackgroundService, IStoreInitializer
    where T : class, IHasPendingEvents
{
    private const int SweepBatch = 100;

    // Built on T's own property rather than the interface's, which not every adapter's query translation follows.
    private static readonly Expression<Func<T, bool>> HasPending = PropertyIsTrue(nameof(IHasPendingEvents.HasPendingEvents));

    /// <summary>
    /// Publishes the events of <paramref name="document"/> that are its caller's (<paramref name="own"/>) or orphaned,
    /// removes the published ones from the stored document and returns it as stored. Never throws for a failed publish
    /// or store write (the change is already written; the sweep tries again), only when cancelled.
    /// <paramref name="publisher"/>: a consumer's context, so the events carry its conversation; the bus otherwise.
    /// </summary>
    public async Task<T?> RelayAsync(
        T document, IReadOnlyCollection<string> own, CancellationToken cancellationToken, IPublishEndpoint? publisher = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var orphaned = time.GetUtcNow() - options.OrphanedAfter;
        var published = new HashSet<string>();
        // A broker known to be down would hold every publish until the timeout: leave the events to the sweep at once.
        List<PendingEvent> due = broker?.IsDown == true
            ? []
            : document.PendingEvents.Where(e => own.Contains(e.EventId) || e.CreatedAt <= orphaned).ToList();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        try
        {
            foreach (var pending in due)
            {
                var (message, type) = PendingEvent.Restore(pending.Type, pending.Payload);
                await (publisher ?? bus).Publish(message, type, timeout.Token);
                published.Add(pending.EventId);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // While the broker is known to be down (ServiceDefaults logs that once), a line per document would only repeat it.
            if (broker?.IsDown != true)
            {
                logger.LogWarning("Publishing the pending events of {Collection} {DocumentId} failed ({Reason}); the sweep retries",
                    documents.Name, document.Id, ex.GetBaseException().Message);
            }
        }

        try
        {
            var current = published.Count == 0 ? document : await documents.UpdateAsync(document.Id, d =>
            {
                var removed = d.PendingEvents.RemoveAll(e => published.Contains(e.EventId)) > 0;
                d.HasPendingEvents = d.PendingEvents.Count > 0;
                return removed;
            }, cancellationToken);
            if (current is { HasPendingEvents: false } && options.AfterRelayedAsync is { } after)
            {
                await after(services, current, cancellationToken);
            }

            return current;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Finishing the relay of {Collection} {DocumentId} failed; the sweep retries", documents.Name, document.Id);
            return document;
        }
    }

    /// <summary>One sweep: relays every document with orphaned events, then finishes the ones <c>AlsoSweep</c> selects.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var document in await documents.FindAsync(HasPending, new() { Take = SweepBatch }, cancellationToken))
        {
            await RelayAsync(document, [], cancellationToken);
        }

        if (options is { AlsoSweep: { } leftovers, AfterRelayedAsync: { } after })
        {
            foreach (var document in await documents.FindAsync(leftovers, new() { Take = SweepBatch }, cancellationToken))
            {
                if (!document.HasPendingEvents)
                {
                    await after(services, document, cancellationToken);
                }
            }
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        documents.EnsureIndexAsync(HasPending, cancellationToken: cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sweeping the pending events of {Collection} failed; trying again in {Interval}", documents.Name, options.SweepInterval);
            }

            try
            {
                await Task.Delay(options.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static Expression<Func<T, bool>> PropertyIsTrue(string name)
    {
        var document = Expression.Parameter(typeof(T), "d");
        return Expression.Lambda<Func<T, bool>>(Expression.Property(document, typeof(T).GetProperty(name)!), document);
    }
}
