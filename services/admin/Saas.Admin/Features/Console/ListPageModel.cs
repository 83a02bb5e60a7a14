using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Saas.Admin.Features.Console;

/// <summary>A console list page: the page number, how many pages there are, and links that keep the filters (<c>_Pager</c>).</summary>
public abstract class ListPageModel : ConsolePageModel
{
    // "p", not "page": Razor Pages keeps "page" as a route value of its own.
    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public abstract long Total { get; }

    public long PageCount => Math.Max(1, (Total + ItemsPerPage - 1) / ItemsPerPage);

    protected abstract int ItemsPerPage { get; }

    /// <summary>This list's address for <paramref name="page"/>, with the filters now applied.</summary>
    public abstract string PageLink(long page);

    /// <summary>A filter's time as the datetime-local input sends it, read as UTC; null when blank or not a time.</summary>
    protected static DateTimeOffset? Time(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero)
            : null;

    protected static string Number(long page) => page.ToString(CultureInfo.InvariantCulture);
}
