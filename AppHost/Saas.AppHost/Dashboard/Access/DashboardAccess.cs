using Microsoft.Extensions.Options;
using Saas.AppHost.Configuration;

namespace Saas.AppHost.Dashboard.Access;

/// <summary>
/// Lets a request on the dashboard port through only with the session cookie or <c>Authorization: Bearer &lt;token&gt;</c>:
/// APIs (<c>/api/…</c>) otherwise get 401 <c>{ "error": … }</c>, pages a redirect to the login page. Endpoints marked
/// <c>AllowAnonymous</c> (the login page and its stylesheet) are exempt. Requests on other ports the AppHost listens on
/// (the OTLP receiver, which the services post to) are not the dashboard's and pass untouched.
/// </summary>
internal sealed class DashboardAccess(RequestDelegate next, DashboardToken token, IOptions<AppHostOptions> options)
{
    public const string CookieName = "saas_dashboard";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.LocalPort != options.Value.DashboardPort || IsAnonymous(context) || IsSignedIn(context))
        {
            return next(context);
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return context.Response.WriteAsJsonAsync(new { error = "sign in to the dashboard: send Authorization: Bearer <token>" });
        }

        var target = context.Request.Path + context.Request.QueryString;
        context.Response.Redirect(target == "/" ? "/login" : "/login?returnUrl=" + Uri.EscapeDataString(target));
        return Task.CompletedTask;
    }

    private bool IsSignedIn(HttpContext context)
    {
        if (token.MatchesSession(context.Request.Cookies[CookieName]))
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && token.Matches(header["Bearer ".Length..].Trim());
    }

    private static bool IsAnonymous(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;
}
