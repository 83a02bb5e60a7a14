using Microsoft.Extensions.Options;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Intake;
using Stripe;

namespace Saas.Webhooks.Features.Backfill;

public sealed record BackfillResult(int Fetched, int Stored, int AlreadyStored, int Unreadable);

/// <summary>
/// Fills the gap an outage of ours leaves: asks Stripe for the events it could not deliver
/// (<c>GET /v1/events?delivery_success=false</c>, kept 30 days) and stores the ones missing here; they are then
/// processed like any delivery. Stripe keeps retrying those deliveries too: whichever comes second is a duplicate.
/// </summary>
public sealed class StripeBackfill(IOptions<StripeApiOptions> options, EventIntake intake, ILogger<StripeBackfill> logger)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.SecretKey);

    public async Task<BackfillResult> RunAsync(DateTimeOffset since, CancellationToken ct)
    {
        var (fetched, stored, already, unreadable) = (0, 0, 0, 0);
        var events = new EventService(Client());
        var query = new EventListOptions
        {
            DeliverySuccess = false,
            Created = new DateRangeOptions { GreaterThanOrEqual = since.UtcDateTime },
            Limit = 100,
        };
        await foreach (var e in events.ListAutoPagingAsync(query, cancellationToken: ct))
        {
            fetched++;
            // The raw JSON, as for a delivery: read by our parser, whatever API version it was rendered in.
            var json = e.RawJsonElement is { ValueKind: System.Text.Json.JsonValueKind.Object } raw ? raw.GetRawText() : e.ToJson();
            if (!StripeEventEnvelope.TryParse(json, out var envelope, out var error))
            {
                unreadable++;
                logger.LogWarning("Backfill skipped Stripe event {StripeEventId}: {Error}", e.Id, error);
                continue;
            }

            if (await intake.AcceptAsync(envelope!, json, ct, EventSources.Backfill) == IntakeResult.Stored)
            {
                stored++;
            }
            else
            {
                already++;
            }
        }

        logger.LogInformation("Backfill since {Since}: {Fetched} undelivered at Stripe, {Stored} stored, {Already} already here",
            since, fetched, stored, already);
        return new BackfillResult(fetched, stored, already, unreadable);
    }

    private StripeClient Client() => new(new StripeClientOptions
    {
        ApiKey = options.Value.SecretKey,
        ApiBase = string.IsNullOrWhiteSpace(options.Value.ApiBase) ? null : options.Value.ApiBase,
    });
}
