using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Saas.Admin.Features.Console.Pages;

public sealed class SignOutModel : ConsolePageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleRegistration.Scheme);
        return Redirect(ConsoleRegistration.SignInPath);
    }
}
