using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Timeline;
using Saas.Admin.Features.Webhooks;

namespace Saas.Admin.Features.Console.Pages.Webhooks;

/// <summary>The event list with its filters; replaying a filtered set first counts it (a dry run) and asks to confirm.</summary>
public sealed class WebhooksModel(WebhookEventAdministration events, ReplayPreviewer previewer) : ListPageModel
{
    public const int PageSize = 25;
    public static readonly IReadOnlyList<string> Statuses = ["received", "processed", "failed"];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Customer { get; set; }

    /// <summary>As the datetime-local input sends it (read as UTC).</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public JsonElement? Result { get; private set; }

    public long? DryRunCount { get; private set; }

    /// <summary>With the dry-run count: what the replay would change, per event.</summary>
    public ReplayPreviewView? Preview { get; private set; }

    public string? PreviewProblem { get; private set; }

    public override long Total => Result.Number("total");

    protected override int ItemsPerPage => PageSize;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDryRunAsync(CancellationToken ct)
    {
        if (Validate())
        {
            var result = await events.ReplayByFilterAsync(HttpContext, Filter(null, dryRun: true), ct);
            if (Succeeded(result))
            {
                DryRunCount = result.Body.Number("count");
                var preview = await previewer.PreviewAsync(new Dictionary<string, string?>
                {
                    ["status"] = Blank(Status), ["type"] = Blank(Type), ["customer"] = Blank(Customer),
                    ["from"] = Time(From)?.ToString("O", CultureInfo.InvariantCulture), ["to"] = Time(To)?.ToString("O", CultureInfo.InvariantCulture),
                }, ct);
                // The preview informs the decision; the replay itself does not depend on it.
                (Preview, PreviewProblem) = preview.IsSuccess
                    ? (JsonSerializer.Deserialize<ReplayPreviewView>(preview.Body!.Value, JsonSerializerOptions.Web), null)
                    : ((ReplayPreviewView?)null, $"No preview: {preview.Error}");
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReplayFilteredAsync(string? reason, CancellationToken ct)
    {
        if (Validate())
        {
            var result = await events.ReplayByFilterAsync(HttpContext, Filter(reason, dryRun: false), ct);
            if (Succeeded(result))
            {
                Notice = $"Replay of {result.Body.Number("count")} event(s) requested (batch {result.Body.Text("batchId")}).";
                return Redirect(PageLink(1));
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    public override string PageLink(long page) => Link("/admin/webhooks",
        ("status", Status), ("type", Type), ("customer", Customer), ("from", From), ("to", To), ("p", Number(page)));

    /// <summary>The current filter as hidden inputs, so the confirm form replays exactly what was counted.</summary>
    public string HiddenFilterFields() => string.Concat(
        new[] { ("status", Status), ("type", Type), ("customer", Customer), ("from", From), ("to", To) }
            .Where(f => !string.IsNullOrEmpty(f.Item2))
            .Select(f => $"<input type=\"hidden\" name=\"{f.Item1}\" value=\"{WebUtility.HtmlEncode(f.Item2)}\">"));

    private bool Validate()
    {
        if (Time(From) is null && !string.IsNullOrEmpty(From) || Time(To) is null && !string.IsNullOrEmpty(To))
        {
            Problem = "From and To must be dates and times.";
            return false;
        }

        return true;
    }

    private ReplayFilterRequest Filter(string? reason, bool dryRun) =>
        new(Blank(Status), Blank(Type), Blank(Customer), Time(From), Time(To), reason, DryRun: dryRun);

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        if (!Validate())
        {
            return;
        }

        var result = await events.ListAsync(
        [
            new("status", Status), new("type", Type), new("customer", Customer),
            new("from", Time(From)?.ToString("O", CultureInfo.InvariantCulture)), new("to", Time(To)?.ToString("O", CultureInfo.InvariantCulture)),
            new("page", PageNumber.ToString(CultureInfo.InvariantCulture)), new("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)),
        ], ct);
        if (Succeeded(result))
        {
            Result = result.Body;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
