using Yarp.ReverseProxy.Configuration;

namespace Saas.Gateway.Routing;

/// <summary>
/// Keeps the framework's authorization middleware out of the gateway's pipeline. YARP registers the authorization
/// services (for routes that name an <c>AuthorizationPolicy</c>), and WebApplication then adds
/// <c>UseAuthorization()</c> on its own unless the app already did, which it learns from a property that
/// <c>UseAuthorization()</c> sets. The gateway authorizes nothing (the services check tokens), so that middleware only
/// cost each proxied request an endpoint-metadata lookup: about 8% of the gateway's work on the plans path.
/// </summary>
public static class ImplicitAuthorization
{
    // AuthorizationAppBuilderExtensions.AuthorizationMiddlewareSetKey (internal in ASP.NET Core).
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";

    /// <summary>
    /// Marks authorization as handled so WebApplication does not add it, unless a route names a policy: then the
    /// middleware stays, as it must for that policy to be enforced.
    /// </summary>
    public static WebApplication SkipImplicitAuthorization(this WebApplication app)
    {
        var routes = app.Services.GetRequiredService<IEnumerable<IProxyConfigProvider>>().SelectMany(p => p.GetConfig().Routes);
        if (!routes.Any(r => !string.IsNullOrEmpty(r.AuthorizationPolicy)))
        {
            ((IApplicationBuilder)app).Properties[AuthorizationMiddlewareSetKey] = true;
        }

        return app;
    }
}
