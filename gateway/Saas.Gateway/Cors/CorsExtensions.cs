using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Configuration;
using Saas.ServiceDefaults.Correlation;

namespace Saas.Gateway.Cors;

public static class CorsExtensions
{
    public static IServiceCollection AddGatewayCors(this IServiceCollection services)
    {
        services.AddValidatedOptions<GatewayCorsOptions>(GatewayCorsOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
                options.AllowedOrigins = ConfigurationLists.Read(configuration.GetSection($"{GatewayCorsOptions.SectionName}:{nameof(GatewayCorsOptions.AllowedOrigins)}")));

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<GatewayCorsOptions>>((cors, gateway) =>
            cors.AddDefaultPolicy(policy =>
            {
                var allowed = gateway.Value;
                if (allowed.AllowsAnyOrigin)
                {
                    // Browsers refuse credentials with a wildcard origin, so "*" means anonymous calls only.
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. allowed.NormalizedOrigins]).AllowCredentials();
                }

                policy.AllowAnyMethod()
                    .AllowAnyHeader()
                    .WithExposedHeaders(RequestIdExtensions.HeaderName, "Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }));
        return services;
    }
}
