using Microsoft.Extensions.Options;

namespace Saas.Gateway.Routing;

public static class RoutingExtensions
{
    public const string ProxySection = "ReverseProxy";

    /// <summary>YARP with routes and clusters from <c>ReverseProxy</c>, cluster addresses from <c>services:*</c>.</summary>
    public static IServiceCollection AddGatewayRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection(ProxySection))
            .AddConfigFilter<ServiceAddressFilter>();

        services.AddSingleton<IValidateOptions<ServiceAddresses>, ServiceAddressesValidator>();
        services.AddOptions<ServiceAddresses>()
            .Configure<IConfiguration>((addresses, config) => addresses.Load(config))
            .ValidateOnStart();
        return services;
    }

    /// <summary>The proxied routes, and a JSON 404 for everything else (saasbackend clients read <c>error</c>).</summary>
    public static WebApplication MapGatewayRoutes(this WebApplication app)
    {
        app.MapReverseProxy();

        // "{**path}" rather than MapFallback's default, which skips paths that look like file names.
        app.MapFallback("{**path}", context => GatewayErrors.WriteAsync(context, StatusCodes.Status404NotFound, "Not found"))
            .ExcludeFromDescription();
        return app;
    }
}
