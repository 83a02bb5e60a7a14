using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Saas.Storage;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Pipeline;
using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Features.Intake;

public enum IntakeResult
{
    Stored,
    Duplicate,
    Requeued,
}

/// <summary>Stores a verified event once (idempotent on Stripe's event id) and hands it on for processing.</summary>
public sealed class EventIntake(StripeEventLog log, EventDispatcher dispatcher, TimeProvider time, WebhookMetrics metrics, ILogger<EventIntake> logger)
{
    /// <param name="source"><see cref="EventSources.Webhook"/> for a signed delivery, <see cref="EventSources.Backfill"/> for one fetched from Stripe's API.</param>
    public async Task<IntakeResult> AcceptAsync(StripeEventEnvelope envelope, string payload, CancellationToken ct, string source = EventSources.Webhook)
    {
        // Stripe waits on this answer: the store's writer takes intake's writes before the processing lanes' backlog.
        using var urgent = StoreWrites.Prioritize(WritePriority.Urgent);
        var hash = Sha256(payload);
        var now = time.GetUtcNow();
        var document = new StripeEventDocument
        {
            StripeEventId = envelope.Id,
            EventType = envelope.Type,
            Data = ToDictionary(envelope.DataObject),
            PreviousAttributes = envelope.PreviousAttributes is { } previous ? ToDictionary(previous) : null,
            Status = EventStatus.Received,
            CreatedAt = now,
            UpdatedAt = now,
            Payload = payload,
            PayloadSha256 = hash,
            ApiVersion = envelope.ApiVersion,
            Livemode = envelope.Livemode,
            StripeCreated = envelope.Created,
            CustomerId = envelope.CustomerId,
            OrderingKey = envelope.CustomerId is { } customer ? $"customer:{customer}" : $"event:{envelope.Id}",
            NextAttemptAt = now,
            Source = source,
            TraceParent = Activity.Current?.Id,
        };

        try
        {
            var started = Stopwatch.GetTimestamp();
            await log.Collection.InsertAsync(document, ct);
            metrics.IntakeStored(Stopwatch.GetElapsedTime(started));
        }
        catch (DuplicateKeyException) when (source == EventSources.Backfill)
        {
            return IntakeResult.Duplicate; // Already here: the backfill has nothing to add.
        }
        catch (DuplicateKeyException)
        {
            return await RedeliveredAsync(envelope, payload, hash, ct);
        }

        metrics.Received(envelope.Type);
        if (ApiVersionDrift.IsDrifted(envelope.ApiVersion))
        {
            metrics.Drifted(envelope.Type, envelope.ApiVersion!);
            logger.LogWarning("Stripe event {StripeEventId} has API version {ApiVersion}; Stripe.net is pinned to {PinnedApiVersion}",
                envelope.Id, envelope.ApiVersion, ApiVersionDrift.Pinned);
        }

        dispatcher.Enqueue(document.Id);
        return IntakeResult.Stored;
    }

    /// <summary>
    /// Stripe redelivers until it sees a 2xx, and resends on request: acknowledge without storing again, but put
    /// a failed event back in line (saasbackend answered "duplicate" and lost it) and keep a differing payload.
    /// </summary>
    private async Task<IntakeResult> RedeliveredAsync(StripeEventEnvelope envelope, string payload, string hash, CancellationToken ct)
    {
        metrics.Duplicate(envelope.Type);
        var (requeued, diverged) = (false, false);
        var existing = await log.FindAsync(envelope.Id, ct) ?? throw new InvalidOperationException("Duplicate key without a stored event");
        await log.UpdateAsync(existing.Id, e =>
        {
            var now = time.GetUtcNow();
            (requeued, diverged) = (false, false);
            e.DuplicateCount++;
            e.UpdatedAt = now;
            // A backfilled copy comes from the API, formatted and counted (pending_webhooks) differently: not comparable.
            if (e.Source != EventSources.Backfill && e.PayloadSha256 != hash && e.Divergences.All(d => d.PayloadSha256 != hash))
            {
                e.Divergences.Add(new PayloadDivergence { At = now, PayloadSha256 = hash, Payload = payload });
                diverged = true;
            }

            if (e.Status == EventStatus.Failed)
            {
                (e.Status, e.RetryCount, e.NextAttemptAt, e.PublishedAt, e.PendingReplayId) = (EventStatus.Received, 0, now, null, null);
                requeued = true;
            }

            return true;
        }, ct);

        if (diverged)
        {
            metrics.Divergent(envelope.Type);
            logger.LogWarning("Stripe event {StripeEventId} was redelivered with a different payload; kept as a divergence", envelope.Id);
        }

        if (requeued)
        {
            dispatcher.Enqueue(existing.Id);
            return IntakeResult.Requeued;
        }

        return IntakeResult.Duplicate;
    }

    private static string Sha256(string payload) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));

    private static Dictionary<string, object?> ToDictionary(JsonElement element) =>
        element.Deserialize<Dictionary<string, object?>>() ?? [];
}
