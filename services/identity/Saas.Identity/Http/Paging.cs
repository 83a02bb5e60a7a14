using Microsoft.AspNetCore.Http.HttpResults;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Http;

/// <summary><c>?page=&amp;limit=</c> as saasbackend-style list routes take them: 1-based pages.</summary>
internal readonly record struct Paging(int Page, int Limit)
{
    public const int MaxLimit = 100;

    public int Skip => (Page - 1) * Limit;

    public static bool TryParse(string? page, string? limit, int defaultLimit, out Paging paging, out ProblemHttpResult? error)
    {
        paging = new Paging(1, defaultLimit);
        error = null;
        var p = 1;
        var l = defaultLimit;
        if (page is not null && (!int.TryParse(page, out p) || p < 1 || p > 100_000))
        {
            error = ErrorResults.BadRequest("page must be a whole number from 1", "page");
            return false;
        }

        if (limit is not null && (!int.TryParse(limit, out l) || l < 1 || l > MaxLimit))
        {
            error = ErrorResults.BadRequest($"limit must be a whole number from 1 to {MaxLimit}", "limit");
            return false;
        }

        paging = new Paging(p, l);
        return true;
    }
}
