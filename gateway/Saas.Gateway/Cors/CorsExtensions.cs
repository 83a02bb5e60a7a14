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

    /// <summary>
    /// CORS for every path but the staff ones. The console (<c>/admin/**</c>) and the staff API (<c>/api/admin/**</c>)
    /// are used same-origin only: answering an allowlisted origin there with credentials would let script on that
    /// origin read console pages (antiforgery token included) and act as the signed-in staffer. Without CORS headers
    /// the browser keeps those responses from any other origin.
    /// </summary>
    public static IApplicationBuilder UseGatewayCors(this IApplicationBuilder app) =>
        app.UseWhen(context => !IsStaffPath(context.Request.Path), branch => branch.UseCors());

    /// <summary>The console's and the staff API's paths (segment-wise, any case).</summary>
    public static bool IsStaffPath(PathString path) =>
        path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase);
}
