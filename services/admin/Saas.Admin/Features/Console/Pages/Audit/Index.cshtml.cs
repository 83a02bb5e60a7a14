using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Audit;

namespace Saas.Admin.Features.Console.Pages.Audit;

[Authorize(Policy = ConsoleRegistration.AdminPolicy)]
public sealed class AuditModel(AuditSearch search) : ConsolePageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<string> KnownActions =
    [
        "user.subscription.override", "user.subscription.clear_override", "user.reconcile", "user.impersonate",
        "webhook.replay", "webhook.replay_batch", "setting.upsert", "setting.delete", "console.sign_in", "console.sign_in_failed",
    ];

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? TargetId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public AuditPage? Result { get; private set; }

    public long PageCount => Math.Max(1, ((Result?.Total ?? 0) + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Result = await search.FindAsync(new AuditFilter(Actor?.Trim(), Action?.Trim(), TargetId?.Trim(), Time(From), Time(To)),
            PageNumber, PageSize, ct);
    }

    public string FilterLink(long page) => Link("/admin/audit",
        ("actor", Actor), ("action", Action), ("targetId", TargetId), ("from", From), ("to", To),
        ("p", page.ToString(CultureInfo.InvariantCulture)));

    public static string Json(object? value) => value is null ? "—" : JsonView.Pretty(value as JsonElement? ?? JsonSerializer.SerializeToElement(value));

    private static DateTimeOffset? Time(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero)
            : null;
}
