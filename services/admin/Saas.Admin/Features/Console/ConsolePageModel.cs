using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Admin.Features.Console;

/// <summary>What every console page knows: who is signed in, in which role, and the message to show after an action.</summary>
public abstract class ConsolePageModel : PageModel
{
    public StaffMember Staff => StaffMember.From(User);

    public bool IsAdmin => User.IsInRole(SaasRoles.Admin);

    /// <summary>Shown once after a redirect: what an action did.</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>What went wrong, in words for the person at the screen (a service down, a bad value).</summary>
    public string? Problem { get; set; }

    /// <summary>Admin-only actions refuse support here as well as by hiding the form: the page answers 403.</summary>
    protected IActionResult? RefuseUnlessAdmin() => IsAdmin ? null : Forbid(ConsoleRegistration.Scheme);

    /// <summary><paramref name="path"/> with the non-empty <paramref name="query"/> values (paging and filter links).</summary>
    public static string Link(string path, params (string Name, string? Value)[] query) =>
        path + QueryString.Create(query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => new KeyValuePair<string, string?>(q.Name, q.Value)));

    /// <summary>
    /// Records a failed result as <see cref="Problem"/>; true when it succeeded. The first failure of a request is
    /// kept: after a failed action the page reloads its data, and the action's reason is what the person needs to
    /// read, not a later "could not load" from the same outage.
    /// </summary>
    protected bool Succeeded(AdminResult result)
    {
        if (!result.IsSuccess)
        {
            Problem ??= result.Error ?? $"The action failed ({result.StatusCode}).";
        }

        return result.IsSuccess;
    }

    /// <summary>
    /// Post/redirect/get after an action: on success the <paramref name="notice"/> is shown once on the page
    /// reloaded by a redirect; on failure the page is shown again with the reason, reloaded by <paramref name="reload"/>,
    /// nothing having changed.
    /// </summary>
    protected async Task<IActionResult> AfterActionAsync(AdminResult result, string notice, object routeValues,
        Func<CancellationToken, Task> reload, CancellationToken ct)
    {
        if (Succeeded(result))
        {
            Notice = notice;
            return RedirectToPage(routeValues);
        }

        await reload(ct);
        return Page();
    }
}
