namespace Saas.Gateway.SecurityHeaders;

/// <summary>
/// Response headers browsers act on, set at the one public entry point so every service's answers carry them
/// (proxied responses included: they are written as the response starts, over whatever the service sent).
/// </summary>
public static class SecurityHeadersExtensions
{
    /// <summary>One year; browsers then refuse plain http for the host. Sent only over https (RFC 6797 §7.2).</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>Reset, verification and invitation links carry tokens in the URL: never hand them on as a referrer.</summary>
    public const string ReferrerPolicy = "no-referrer";

    /// <summary>
    /// The staff console: its own scripts, styles and forms only (it has no inline script or style), never framed
    /// (clickjacking), no plugins, no &lt;base&gt; rewriting.
    /// </summary>
    public const string ConsoleContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // The context as state rather than a closure: no allocation per request.
            context.Response.OnStarting(static state =>
            {
                var context = (HttpContext)state;
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = ReferrerPolicy;
                // After UseTrustedProxies: https as the client used it (X-Forwarded-Proto from a trusted proxy).
                if (context.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                }

                if (context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ConsoleContentSecurityPolicy;
                    headers.XFrameOptions = "DENY";
                }

                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
