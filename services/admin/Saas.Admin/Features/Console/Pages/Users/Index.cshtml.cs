using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Users;

namespace Saas.Admin.Features.Console.Pages.Users;

public sealed class UsersModel(UserAdministration users) : ConsolePageModel
{
    public const int PageSize = 20;

    public static readonly IReadOnlyList<string> Statuses =
        ["none", "active", "trialing", "past_due", "unpaid", "paused", "incomplete", "incomplete_expired", "cancelled"];

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    // "p", not "page": Razor Pages keeps "page" as a route value of its own.
    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public JsonElement? Result { get; private set; }

    public long Total => Result.Number("total");

    public long PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var result = await users.ListAsync(Search, Status, PageNumber.ToString(CultureInfo.InvariantCulture),
            PageSize.ToString(CultureInfo.InvariantCulture), ct);
        if (Succeeded(result))
        {
            Result = result.Body;
        }
    }

    public string PageLink(int page) =>
        Link("/admin/users", ("search", Search), ("status", Status), ("p", page.ToString(CultureInfo.InvariantCulture)));
}
