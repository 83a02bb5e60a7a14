using Saas.ServiceDefaults;
using Scalar.AspNetCore;

namespace Saas.Gateway.ApiReference;

/// <summary>
/// One Scalar page for the whole API. Each service's document is proxied at <c>/openapi/{service}.json</c>
/// (routes <c>openapi-*</c> in appsettings.json), which is Scalar's default document pattern.
/// </summary>
public static class ApiReferenceExtensions
{
    public const string ScalarPath = "/scalar";

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference(ScalarPath, options =>
        {
            options.WithTitle("Saas API");
            foreach (var service in ResourceNames.Services)
            {
                options.AddDocument(service, char.ToUpperInvariant(service[0]) + service[1..]);
            }

            // The documents name each service's own address as their server; "Try it" must go through the gateway.
            options.AddServer("/", "Gateway");
            options.WithDynamicBaseServerUrl(true);
        });

        app.MapGet("/docs", () => TypedResults.Redirect(ScalarPath)).ExcludeFromDescription();
        return app;
    }
}
