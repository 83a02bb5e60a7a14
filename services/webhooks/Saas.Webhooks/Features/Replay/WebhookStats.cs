using System.Text.Json.Serialization;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Features.Replay;

/// <summary>
/// saasbackend's <c>GET /api/admin/stripe-webhooks-stats</c>: events per status, per type (with failures), and the ten
/// latest failures. The storage port has no grouping, so the per-type counts read the log in pages: a cost that grows
/// with the log, fine for a staff page (the status counts alone, <c>/counts</c>, stay cheap).
/// </summary>
public static class WebhookStats
{
    private const int PageSize = 1000;

    public static async Task<StatsResponse> ComputeAsync(StripeEventLog log, CancellationToken ct)
    {
        var statuses = new List<GroupCount>();
        foreach (var status in EventStatus.All)
        {
            if (await log.CountAsync(e => e.Status == status, ct) is var count and > 0)
            {
                statuses.Add(new GroupCount(status, count));
            }
        }

        var types = new Dictionary<string, (long Count, long Failed)>(StringComparer.Ordinal);
        for (var skip = 0; ; skip += PageSize)
        {
            var page = await log.FindAsync(e => true, new() { SortBy = [new(e => e.Id)], Skip = skip, Take = PageSize }, ct);
            foreach (var e in page)
            {
                var (count, failed) = types.GetValueOrDefault(e.EventType);
                types[e.EventType] = (count + 1, failed + (e.Status == EventStatus.Failed ? 1 : 0));
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        var recent = await log.FindAsync(e => e.Status == EventStatus.Failed,
            new() { SortBy = [new(e => e.CreatedAt, Descending: true)], Take = 10 }, ct);
        return new StatsResponse(
            statuses,
            [.. types.OrderByDescending(t => t.Value.Count).ThenBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new TypeCount(t.Key, t.Value.Count, t.Value.Failed))],
            [.. recent.Select(e => new RecentFailure(e.Id, e.StripeEventId, e.EventType, e.CreatedAt, e.RetryCount, e.ProcessingErrors))]);
    }
}

/// <summary>saasbackend's aggregation rows: <c>_id</c> is the group key.</summary>
public sealed record GroupCount([property: JsonPropertyName("_id")] string Key, long Count);

public sealed record TypeCount([property: JsonPropertyName("_id")] string Key, long Count, long FailedCount);

public sealed record RecentFailure(
    [property: JsonPropertyName("_id")] string Id, string StripeEventId, string EventType, DateTimeOffset ReceivedAt, int RetryCount,
    IReadOnlyList<string> ProcessingErrors);

public sealed record StatsResponse(IReadOnlyList<GroupCount> StatusStats, IReadOnlyList<TypeCount> EventTypeStats, IReadOnlyList<RecentFailure> RecentFailures);
