using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Audit;

namespace Saas.Admin.Features.Console.Pages.Audit;

[Authorize(Policy = ConsoleRegistration.AdminPolicy)]
public sealed class AuditModel(AuditSearch search) : ListPageModel
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

    public AuditPage? Result { get; private set; }

    public override long Total => Result?.Total ?? 0;

    protected override int ItemsPerPage => PageSize;

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Result = await search.FindAsync(new AuditFilter(Actor?.Trim(), Action?.Trim(), TargetId?.Trim(), Time(From), Time(To)),
            PageNumber, PageSize, ct);
    }

    public override string PageLink(long page) => Link("/admin/audit",
        ("actor", Actor), ("action", Action), ("targetId", TargetId), ("from", From), ("to", To), ("p", Number(page)));

    public static string Json(object? value) => value is null ? "—" : JsonView.Pretty(value as JsonElement? ?? JsonSerializer.SerializeToElement(value));
}
