using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Timeline;
using Saas.Admin.Features.Webhooks;

namespace Saas.Admin.Features.Console.Pages.Webhooks;

/// <summary>One event: what Stripe sent, every attempt and replay; replaying asks for a confirmation first.</summary>
public sealed class WebhookDetailModel(WebhookEventAdministration events, ReplayPreviewer previewer, DashboardLinks dashboard) : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(Name = "confirm", SupportsGet = true)]
    public string? Confirm { get; set; }

    public bool Confirming => Confirm == "replay";

    public JsonElement? Event { get; private set; }

    /// <summary>While confirming a replay: what it would change.</summary>
    public ReplayPreviewView? Preview { get; private set; }

    public string? PreviewProblem { get; private set; }

    /// <summary>The attempt's trace on the Aspire dashboard, or null (plain text) when the dashboard's address is unknown.</summary>
    public string? TraceLink(string? traceId) => dashboard.Trace(traceId);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Confirming && Event is not null)
        {
            var preview = await previewer.PreviewAsync(new Dictionary<string, string?> { ["id"] = Id }, ct);
            // The preview informs the decision; the replay itself does not depend on it.
            (Preview, PreviewProblem) = preview.IsSuccess
                ? (JsonSerializer.Deserialize<ReplayPreviewView>(preview.Body!.Value, JsonSerializerOptions.Web), null)
                : ((ReplayPreviewView?)null, $"No preview: {preview.Error}");
        }
    }

    public async Task<IActionResult> OnPostReplayAsync(string? reason, CancellationToken ct)
    {
        var result = await events.ReplayOneAsync(HttpContext, Id, new ReplayRequest(reason), ct);
        return await AfterActionAsync(result, "Replay requested: the event is processed again shortly; reload to see the attempt.",
            new { id = Id }, LoadAsync, ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var result = await events.GetAsync(Id, ct);
        if (Succeeded(result))
        {
            Event = result.Body.Member("event");
        }
    }
}
