using Microsoft.AspNetCore.Mvc;

namespace Saas.Admin.Features.Console.Pages;

public sealed class SignInModel(ConsoleSignIn signIn) : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Username { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? username, string? password, CancellationToken ct)
    {
        Username = username;
        Problem = await signIn.SignInAsync(HttpContext, username, password, ct);
        if (Problem is not null)
        {
            return Page();
        }

        // Only back into the console: a return URL elsewhere would make the sign-in page an open redirect.
        return LocalRedirect(ReturnUrl is { } url && url.StartsWith("/admin", StringComparison.Ordinal) && Url.IsLocalUrl(url) ? url : "/admin");
    }
}
