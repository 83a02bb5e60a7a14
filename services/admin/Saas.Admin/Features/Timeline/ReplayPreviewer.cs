using System.Text.Json;
using Saas.Admin.Features.Console;
using Saas.Admin.Features.Downstream;
using Saas.ServiceDefaults;

namespace Saas.Admin.Features.Timeline;

/// <summary>
/// What a replay would change, before it runs: webhooks translates the selected events as a replay would publish
/// them, billing applies them to copies of the subscribers with its own state machine. Nothing is written anywhere.
/// </summary>
public sealed class ReplayPreviewer(DownstreamApi api)
{
    /// <summary><paramref name="selection"/>: <c>id</c>, or the filter (status, type, customer, from, to).</summary>
    public async Task<AdminResult> PreviewAsync(IReadOnlyDictionary<string, string?> selection, CancellationToken ct)
    {
        var translated = await api.GetAsync(ResourceNames.Webhooks,
            $"/internal/webhooks/replay-translations{QueryString.Create(selection.Where(p => !string.IsNullOrEmpty(p.Value)))}", ct);
        if (!translated.IsSuccess)
        {
            return AdminResult.From(translated);
        }

        var events = translated.Body.Items("events").ToList();
        var acted = events.Where(e => e.Text("messageType") is not null).Select(e => new
        {
            stripeEventId = e.Text("stripeEventId"), type = e.Text("messageType"), message = e.Member("message"),
        }).ToList();
        var effects = new Dictionary<string, JsonElement?>();
        if (acted.Count > 0)
        {
            var preview = await api.SendAsync(ResourceNames.Billing, HttpMethod.Post, "/internal/billing/replay-preview", new { events = acted }, null, ct);
            if (!preview.IsSuccess)
            {
                return AdminResult.From(preview);
            }

            foreach (var effect in preview.Body.Items("events"))
            {
                effects[effect.Text("stripeEventId") ?? ""] = effect;
            }
        }

        var rows = events.Select(e => Row(e, effects.GetValueOrDefault(e.Text("stripeEventId") ?? ""))).ToList();
        return AdminResult.Ok(new ReplayPreviewView(rows, rows.All(r => !r.WouldChange),
            (int)translated.Body.Number("total"), translated.Body.Member("truncated") is { ValueKind: JsonValueKind.True }));
    }

    private static PreviewRow Row(JsonElement? e, JsonElement? effect)
    {
        var note = e.Text("error") is { } error ? $"cannot be translated: {error}"
            : e.Text("messageType") is null ? "a type processing does not act on: a replay changes nothing"
            : effect.Text("note");
        return new PreviewRow(e.Text("id") ?? "", e.Text("stripeEventId") ?? "", e.Text("eventType") ?? "", e.Text("status"),
            effect.Text("subscriberKind"), effect.Text("subscriberId"), State(effect.Member("before")), State(effect.Member("after")),
            effect.Member("wouldChange") is { ValueKind: JsonValueKind.True }, effect.Member("wouldResetUsage") is { ValueKind: JsonValueKind.True }, note);
    }

    private static PreviewState? State(JsonElement? s) => s is null ? null
        : new PreviewState(s.Text("status") ?? "", s.Text("planId"), s.Text("stripeStatus"), s.Text("subscriptionId"));
}

/// <summary>Per event, the subscription state now and the state the replay would leave; <see cref="ChangesNothing"/> says so for all.</summary>
public sealed record ReplayPreviewView(IReadOnlyList<PreviewRow> Events, bool ChangesNothing, int Total, bool Truncated);

public sealed record PreviewRow(
    string Id, string StripeEventId, string EventType, string? Status, string? SubscriberKind, string? SubscriberId,
    PreviewState? Before, PreviewState? After, bool WouldChange, bool WouldResetUsage, string? Note);

public sealed record PreviewState(string Status, string? PlanId, string? StripeStatus, string? SubscriptionId)
{
    public override string ToString() =>
        $"{Status}{(PlanId is null ? "" : $" ({PlanId})")}{(StripeStatus is { } s && s != Status ? $", Stripe: {s}" : "")}";
}
