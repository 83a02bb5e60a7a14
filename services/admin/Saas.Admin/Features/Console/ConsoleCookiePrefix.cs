using Microsoft.Net.Http.Headers;

namespace Saas.Admin.Features.Console;

/// <summary>
/// Over https (directly, or through a TLS-terminating ingress whose <c>X-Forwarded-Proto</c> admin believes) the
/// console's session and antiforgery cookies are <c>__Host-</c> cookies: Secure, <c>Path=/</c>, no Domain, so neither a
/// sibling subdomain nor a plain-http page can set or overwrite them (RFC 6265bis §4.1.3.2). Over plain http (a local
/// Development run) browsers refuse <c>__Host-</c> cookies, so they keep their plain names there.
/// The cookie and antiforgery handlers know one fixed name each; this middleware translates at the edge: a request's
/// <c>__Host-</c> cookies reach them under the plain name (and a plain-named one arriving over https is dropped, since
/// anyone could have planted it), and their <c>Set-Cookie</c> headers leave with the prefix, Secure and <c>Path=/</c>.
/// </summary>
public static class ConsoleCookiePrefix
{
    public const string Prefix = "__Host-";

    /// <summary>The cookies translated (chunks of a large session cookie are named after it, <c>…C1</c>, <c>…C2</c>).</summary>
    private static readonly string[] Names = [ConsoleRegistration.CookieName, ConsoleRegistration.AntiforgeryCookieName];

    public static IApplicationBuilder UseConsoleCookiePrefix(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.IsHttps)
        {
            RenameRequestCookies(context.Request);
            context.Response.OnStarting(() =>
            {
                PrefixResponseCookies(context.Response);
                return Task.CompletedTask;
            });
        }

        return next(context);
    });

    private static bool IsConsoleCookie(string name) => Names.Any(n => name.StartsWith(n, StringComparison.Ordinal));

    private static void RenameRequestCookies(HttpRequest request)
    {
        var header = request.Headers.Cookie;
        if (header.Count == 0 || !CookieHeaderValue.TryParseList(header, out var cookies))
        {
            return;
        }

        var kept = new List<string>(cookies.Count);
        var touched = false;
        foreach (var cookie in cookies)
        {
            var name = cookie.Name.Value ?? "";
            if (name.StartsWith(Prefix, StringComparison.Ordinal) && IsConsoleCookie(name[Prefix.Length..]))
            {
                kept.Add($"{name[Prefix.Length..]}={cookie.Value}");
                touched = true;
            }
            else if (IsConsoleCookie(name))
            {
                touched = true; // not a __Host- cookie: possibly planted, never believed over https
            }
            else
            {
                kept.Add(cookie.ToString());
            }
        }

        if (touched)
        {
            request.Headers.Cookie = string.Join("; ", kept);
        }
    }

    private static void PrefixResponseCookies(HttpResponse response)
    {
        var header = response.Headers.SetCookie;
        if (header.Count == 0)
        {
            return;
        }

        var rewritten = new string[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            rewritten[i] = header[i] is { } value && SetCookieHeaderValue.TryParse(value, out var cookie) && IsConsoleCookie(cookie.Name.Value ?? "")
                ? new SetCookieHeaderValue(Prefix + cookie.Name.Value, cookie.Value)
                {
                    Path = "/", Secure = true, Domain = null, HttpOnly = cookie.HttpOnly, SameSite = cookie.SameSite,
                    Expires = cookie.Expires, MaxAge = cookie.MaxAge,
                }.ToString()
                : header[i]!;
        }

        response.Headers.SetCookie = rewritten;
    }
}
