using System.Diagnostics;
using Microsoft.Extensions.Options;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Intake;

namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// Processes one stored event: translate it, publish the integration event, then record the attempt. Publishing
/// comes first and the integration event's id is derived from the Stripe event (and replay), so a crash between
/// the two only republishes a message its consumers already know.
/// </summary>
public sealed class EventProcessor(
    StripeEventLog log,
    IIntegrationEventPublisher publisher,
    TimeProvider time,
    WebhookMetrics metrics,
    IOptions<WebhooksOptions> options,
    ILogger<EventProcessor> logger,
    IOptions<ConsoleLinkOptions> console)
{
    public async Task ProcessAsync(StripeEventDocument e, CancellationToken ct)
    {
        using var span = ProcessingTrace.Start(e, console.Value.Url);
        var started = time.GetTimestamp();
        var at = time.GetUtcNow();
        var replay = e.PendingReplayId is { } replayId ? e.Replays.FirstOrDefault(r => r.Id == replayId) : null;
        string? error = null;
        var outcome = "ignored";
        try
        {
            if (!StripeEventEnvelope.TryParse(e.Payload, out var envelope, out var parseError))
            {
                throw new InvalidOperationException(parseError);
            }

            var context = new TranslationContext(
                DeterministicIds.ForEvent(e.StripeEventId, replay?.Id), replay is not null, replay?.RepeatSideEffects ?? false);
            if (StripeEventTranslator.Translate(envelope!, context) is { } integrationEvent)
            {
                var limit = options.Value.PublishTimeout;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(limit);
                // Bounded even if the transport ignores the token: a hung publish would hold the customer's
                // lease renewal and a consumer slot. If it completes late, the retry republishes the same EventId.
                await publisher.PublishAsync(integrationEvent, timeout.Token).WaitAsync(limit, ct);
                outcome = "published";
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
            logger.LogWarning("Processing Stripe event {StripeEventId} ({EventType}) failed: {Error}", e.StripeEventId, e.EventType, error);
        }

        var attempt = new ProcessingAttempt
        {
            At = at,
            DurationMs = time.GetElapsedTime(started).TotalMilliseconds,
            Error = error,
            TraceId = Activity.Current?.TraceId.ToString(),
            ReplayId = replay?.Id,
            Outcome = error is null ? outcome : null,
        };
        // From the copy processed: the drain read it just before, so it is rarely stale (then it is read again).
        var stored = await log.UpdateAsync(e, current => Record(current, attempt), ct);
        if (stored is not null)
        {
            Count(stored, attempt);
        }
    }

    private bool Record(StripeEventDocument e, ProcessingAttempt attempt)
    {
        // Only the attempt we made: a replay requested or a duplicate requeued meanwhile is left for the next look.
        if (e.Status != EventStatus.Received || e.PendingReplayId != attempt.ReplayId)
        {
            return false;
        }

        var now = time.GetUtcNow();
        e.Attempts.Add(attempt);
        e.UpdatedAt = now;
        e.PublishedAt = null;
        var replay = attempt.ReplayId is null ? null : e.Replays.FirstOrDefault(r => r.Id == attempt.ReplayId);
        if (attempt.Error is null)
        {
            (e.Status, e.Outcome, e.ProcessedAt, e.NextAttemptAt, e.PendingReplayId) =
                (EventStatus.Processed, attempt.Outcome, now, null, null);
            replay?.CompletedAt = now;
            return true;
        }

        e.RetryCount++;
        e.ProcessingErrors.Add(attempt.Error);
        var schedule = options.Value.Schedule;
        if (e.RetryCount < schedule.Count)
        {
            e.NextAttemptAt = now + schedule[e.RetryCount];
            return true;
        }

        (e.Status, e.NextAttemptAt, e.PendingReplayId) = (EventStatus.Failed, null, null);
        replay?.Error = attempt.Error;
        return true;
    }

    private void Count(StripeEventDocument e, ProcessingAttempt attempt)
    {
        if (attempt.Error is not null)
        {
            metrics.AttemptFailed(e.EventType);
            if (e.Status == EventStatus.Failed)
            {
                metrics.Failed(e.EventType);
                logger.LogError("Stripe event {StripeEventId} ({EventType}) failed after {Attempts} attempts", e.StripeEventId, e.EventType, e.RetryCount);
            }

            return;
        }

        // Lag from when the work was asked for: receipt, or the replay request.
        var since = e.Replays.FirstOrDefault(r => r.Id == attempt.ReplayId)?.RequestedAt ?? e.CreatedAt;
        metrics.Processed(e.EventType, attempt.Outcome ?? "published", attempt.ReplayId is not null, time.GetUtcNow() - since);
    }
}
