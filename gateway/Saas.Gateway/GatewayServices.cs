using Saas.Gateway.Cors;
using Saas.Gateway.Health;
using Saas.Gateway.RateLimiting;
using Saas.Gateway.RequestLimits;
using Saas.Gateway.Routing;
using Saas.Gateway.TrustedProxies;
using Saas.ServiceDefaults.Configuration;

namespace Saas.Gateway;

public static class GatewayServices
{
    /// <summary>Everything the gateway registers besides the service defaults, each feature in its folder.</summary>
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GatewayOptions>(GatewayOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => options.TrustedProxies =
                ConfigurationLists.Read(configuration.GetSection($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.TrustedProxies)}")));
        builder.Services.AddGatewayRouting(builder.Configuration);
        builder.Services.AddTrustedProxies();
        builder.Services.AddGatewayCors();
        builder.Services.AddRequestBodyLimit();
        builder.Services.AddGatewayRateLimiting();
        builder.Services.AddWebhookRejectionLimit();
        builder.Services.AddAggregateHealth();
        return builder;
    }
}
