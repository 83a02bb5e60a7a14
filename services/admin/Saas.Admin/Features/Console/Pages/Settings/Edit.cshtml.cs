using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Settings;

namespace Saas.Admin.Features.Console.Pages.Settings;

[Authorize(Policy = ConsoleRegistration.AdminPolicy)]
public sealed class SettingEditModel(SettingsAdministration settings) : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    [BindProperty]
    public SettingForm Form { get; set; } = new();

    public bool Found { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await settings.FindAsync(Key, ct) is not { } setting)
        {
            return NotFound();
        }

        (Found, Form) = (true, SettingForm.From(setting));
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        Form.Key = Key; // The key is the address; renaming is delete + create.
        Found = await settings.FindAsync(Key, ct) is not null;
        if (Form.ToRequest(out var problem) is { } request && Succeeded(await settings.SaveAsync(HttpContext, Key, request, ct)))
        {
            Notice = $"Setting '{Key}' saved.";
            return RedirectToPage("Index");
        }

        Problem ??= problem;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(bool confirmDelete, CancellationToken ct)
    {
        if (!confirmDelete)
        {
            Problem = "Tick the box to confirm the deletion.";
        }
        else if (Succeeded(await settings.DeleteAsync(HttpContext, Key, ct)))
        {
            Notice = $"Setting '{Key}' deleted.";
            return RedirectToPage("Index");
        }

        if (await settings.FindAsync(Key, ct) is { } setting)
        {
            (Found, Form) = (true, SettingForm.From(setting));
        }

        return Page();
    }
}
