using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Admin.Features.Console;

/// <summary>
/// The staff console at <c>/admin</c>: Razor Pages rendered here (no front-end build), signed in with a cookie
/// session of its own. The API's Basic/Bearer schemes never accept that cookie, and the console never accepts
/// an Authorization header, so a session cannot be used to call the API from another site.
/// </summary>
public static class ConsoleRegistration
{
    public const string Scheme = "StaffConsole";
    /// <summary>The session cookie's name over http; over https it is <c>__Host-</c> + this (<see cref="ConsoleCookiePrefix"/>).</summary>
    public const string CookieName = "saas_admin_console";
    public const string AntiforgeryCookieName = "saas_admin_antiforgery";
    public const string AdminPolicy = "console-admin";
    public const string SupportPolicy = "console-support";
    public const string SignInPath = "/admin/sign-in";

    public static IHostApplicationBuilder AddAdminConsole(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ConsoleSignIn>();
        services.AddScoped<ConsoleSessionValidator>();
        services.AddOptions<ConsoleSessionOptions>().BindConfiguration(ConsoleSessionOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.AddConsoleDataProtection();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features/Console/Pages";
            o.Conventions.AuthorizeFolder("/", SupportPolicy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.Path = "/admin";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            var session = builder.Configuration.GetSection(ConsoleSessionOptions.SectionName).Get<ConsoleSessionOptions>() ?? new();
            o.Cookie.Name = CookieName;
            o.Cookie.Path = "/admin";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = session.IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ConsoleSessionValidator.ValidateAsync;
            o.LoginPath = SignInPath;
            o.Events.OnRedirectToLogin = RedirectToSignIn;
            o.Events.OnRedirectToAccessDenied = WriteForbiddenAsync;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(SaasRoles.Admin))
            .AddPolicy(SupportPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(SaasRoles.Admin, SaasRoles.Support));
        return builder;
    }

    public static WebApplication MapAdminConsole(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/admin/console.css", () => Results.Text(Stylesheet.Value, "text/css", Encoding.UTF8)).ExcludeFromDescription();
        // saasbackend's two admin pages (seed 000) live on in the console.
        app.MapGet("/admin/test", () => Results.Redirect("/admin")).ExcludeFromDescription();
        app.MapGet("/admin/global-settings", () => Results.Redirect("/admin/settings")).ExcludeFromDescription();
        return app;
    }

    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(ConsoleRegistration).Assembly.GetManifestResourceStream("Saas.Admin.console.css")
            ?? throw new InvalidOperationException("console.css is not embedded");
        return new StreamReader(stream).ReadToEnd();
    });

    // Relative, unlike the handler's default: behind the gateway Request.Host is this service's own address, which the
    // browser must never be sent to (it bypasses the gateway and holds no session cookie).
    private static Task RedirectToSignIn(RedirectContext<CookieAuthenticationOptions> context)
    {
        var returnUrl = $"{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
        context.Response.Redirect(SignInPath + QueryString.Create("ReturnUrl", returnUrl));
        return Task.CompletedTask;
    }

    // A support member following a link to an admin-only page or posting an admin-only form: refused, and told so.
    private static Task WriteForbiddenAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not allowed · Saas admin</title>
            <link rel="stylesheet" href="/admin/console.css"></head><body><main class="narrow">
            <h1>Not allowed</h1><p class="problem" role="alert">Your role may not do this. Ask an admin.</p>
            <p><a href="/admin">Back to the console</a></p></main></body></html>
            """);
    }
}
