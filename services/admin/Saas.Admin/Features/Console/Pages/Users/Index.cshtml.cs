using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Users;

namespace Saas.Admin.Features.Console.Pages.Users;

public sealed class UsersModel(UserAdministration users) : ListPageModel
{
    public const int PageSize = 20;

    public static readonly IReadOnlyList<string> Statuses =
        ["none", "active", "trialing", "past_due", "unpaid", "paused", "incomplete", "incomplete_expired", "cancelled"];

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public JsonElement? Result { get; private set; }

    public override long Total => Result.Number("total");

    protected override int ItemsPerPage => PageSize;

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

    public override string PageLink(long page) => Link("/admin/users", ("search", Search), ("status", Status), ("p", Number(page)));
}
