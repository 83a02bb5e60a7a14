using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Settings;

namespace Saas.Admin.Features.Console.Pages.Settings;

[Authorize(Policy = ConsoleRegistration.AdminPolicy)]
public sealed class SettingsModel(SettingsAdministration settings) : ConsolePageModel
{
    public IReadOnlyList<GlobalSetting> Settings { get; private set; } = [];

    [BindProperty]
    public SettingForm Form { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => Settings = await settings.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await settings.FindAsync(Form.Key ?? "", ct) is not null)
        {
            Problem = $"A setting named '{Form.Key}' exists already: edit it instead.";
        }
        else if (Form.ToRequest(out var problem) is { } request && Succeeded(await settings.SaveAsync(HttpContext, Form.Key ?? "", request, ct)))
        {
            Notice = $"Setting '{Form.Key}' created.";
            return RedirectToPage();
        }
        else
        {
            Problem ??= problem;
        }

        Settings = await settings.ListAsync(ct);
        return Page();
    }
}
