using System.Text.Json;
using Saas.Admin.Features.Console;

namespace Saas.Admin.Features.Alerts;

/// <summary>The fields of webhooks' <c>/internal/webhooks/pipeline</c> answer the alert rules read.</summary>
public sealed record PipelineReading(
    long FailedEvents, string? LatestFailureEventId, string? LatestFailureType, long Backlog, TimeSpan OldestPendingAge,
    string? PinnedApiVersion, string? LatestDriftId, string? LatestDriftEventId, string? LatestDriftVersion, DateTimeOffset? LatestDriftAt)
{
    public static PipelineReading From(JsonElement body)
    {
        JsonElement? json = body;
        return new PipelineReading(
            json.Number("failedEvents"),
            json.Text("latestFailure", "stripeEventId"),
            json.Text("latestFailure", "eventType"),
            json.Number("backlog"),
            TimeSpan.TryParse(json.Text("oldestPendingAge"), System.Globalization.CultureInfo.InvariantCulture, out var age) ? age : TimeSpan.Zero,
            json.Text("pinnedApiVersion"),
            json.Text("latestDrift", "id"),
            json.Text("latestDrift", "stripeEventId"),
            json.Text("latestDrift", "apiVersion"),
            json.Member("latestDrift", "receivedAt") is { ValueKind: JsonValueKind.String } at && at.TryGetDateTimeOffset(out var when) ? when : null);
    }
}
