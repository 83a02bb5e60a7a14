namespace Saas.Gateway.Health;

public static class HealthExtensions
{
    public static IServiceCollection AddAggregateHealth(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServiceHealthProbe>();

        // The standard resilience handler would retry a dead service for 30 s; a probe must answer in
        // seconds, so this client has no retries and the probe applies its own timeout.
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001) but is the documented way to undo
        // ConfigureHttpClientDefaults for one client; if it changes, the build breaks here, not at run time.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(ServiceHealthProbe.ClientName)
            .RemoveAllResilienceHandlers()
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
#pragma warning restore EXTEXP0001
        return services;
    }

    /// <summary><c>/health</c>: readiness of the whole system, 200 when every service is healthy, 503 otherwise.</summary>
    public static WebApplication MapGatewayHealth(this WebApplication app)
    {
        app.MapGet("/health", async (ServiceHealthProbe probe, HttpContext context) =>
        {
            var health = await probe.CheckAllAsync(context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Json(health, statusCode: health.Status == ServiceHealthProbe.Healthy
                ? StatusCodes.Status200OK
                : StatusCodes.Status503ServiceUnavailable);
        }).WithSummary("Readiness of every service behind the gateway.");

        return app;
    }
}
