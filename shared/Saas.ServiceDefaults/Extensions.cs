using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Configuration;
using Saas.ServiceDefaults.Correlation;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Health;
using Saas.ServiceDefaults.Messaging;
using Saas.ServiceDefaults.Telemetry;

namespace Saas.ServiceDefaults;

/// <summary>The defaults every Saas process starts with (modelled on .NET Aspire's ServiceDefaults).</summary>
public static class Extensions
{
    private const string LiveTag = "live";

    /// <summary>
    /// Adds telemetry, health checks, ProblemDetails, request ids, service discovery with the standard
    /// resilience handler on every HttpClient, and MassTransit with the consumers of the application's assembly.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, bool withMessaging = true)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.AddSaasBackendEnvironment(builder.Environment.ContentRootPath);
        builder.ConfigureOpenTelemetry();
        // A failed start is reported by RunWithStartupChecksAsync (one line per bad key) or, for any other
        // cause, by the exception itself: the host's own log entry would only repeat it as a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceErrors();
        builder.Services.AddRequestIds();
        // Every operation lists the problem responses it can answer, with the one error body's schema.
        builder.Services.AddOpenApi(o => o.AddSchemaTransformer(ProblemSchema.TransformAsync));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IApiDescriptionProvider, ProblemResponses>());
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        if (withMessaging)
        {
            builder.AddMessaging(Assembly.Load(builder.Environment.ApplicationName));
        }

        return builder;
    }

    /// <summary>Adds a liveness check tagged <c>live</c>; every other check counts for readiness.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: every check, JSON detail), <c>/alive</c> (live: the process answers) and the
    /// OpenAPI document. The gateway passes <paramref name="mapReadiness"/> false: its <c>/health</c> aggregates the services.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool mapReadiness = true)
    {
        if (mapReadiness)
        {
            app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        }

        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapOpenApi();
        return app;
    }

    /// <summary>
    /// The middleware every service runs first: request id, then exception → ProblemDetails, then bearer-token
    /// authentication and authorization when the service called <c>AddJwtValidation()</c>.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseRequestIds();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseJwtValidation();
        return app;
    }
}
