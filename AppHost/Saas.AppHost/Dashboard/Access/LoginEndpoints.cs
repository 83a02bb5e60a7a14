using System.Net;

namespace Saas.AppHost.Dashboard.Access;

/// <summary>
/// <c>GET /login?t=&lt;token&gt;</c> (the link printed at start) and the <c>/login</c> form: a right token sets the session
/// cookie (HttpOnly, SameSite=Strict) and goes on to the dashboard; a wrong one shows the form again with 401.
/// </summary>
internal static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapDashboardLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext context, DashboardToken token, string? t, string? returnUrl) =>
            t is null ? Page(returnUrl, error: null, StatusCodes.Status200OK) : SignIn(context, token, t, returnUrl)).AllowAnonymous();
        app.MapPost("/login", async (HttpContext context, DashboardToken token) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            return SignIn(context, token, form?["token"].ToString().Trim(), form?["returnUrl"].ToString());
        }).AllowAnonymous();
        app.MapPost("/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(DashboardAccess.CookieName);
            return Results.Redirect("/login");
        });
        return app;
    }

    private static IResult SignIn(HttpContext context, DashboardToken token, string? candidate, string? returnUrl)
    {
        if (!token.Matches(candidate))
        {
            return Page(returnUrl, "That token does not open this dashboard. Use the login URL the AppHost printed at start.",
                StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(DashboardAccess.CookieName, token.SessionValue, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        return Results.Redirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
    }

    /// <summary>Only a path on this site: never <c>//evil.example</c> or an absolute URL.</summary>
    private static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static IResult Page(string? returnUrl, string? error, int status)
    {
        var message = error is null ? "" : $"""<p class="error" role="alert">{WebUtility.HtmlEncode(error)}</p>""";
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Sign in · Saas dashboard</title>
              <link rel="stylesheet" href="/assets/dashboard.css">
            </head>
            <body class="login">
              <main>
                <h1>Saas dashboard</h1>
                <p>Open the login URL the AppHost printed at start, or paste its token (<code>t=…</code>) or the configured
                  <code>AppHost:DashboardToken</code>.</p>
                {{message}}
                <form method="post" action="/login">
                  <label for="token">Token</label>
                  <input id="token" name="token" type="password" autocomplete="off" autofocus required>
                  <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(IsLocalPath(returnUrl) ? returnUrl : "/")}}">
                  <button type="submit">Sign in</button>
                </form>
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
