using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Tests.Messaging;

namespace Saas.ServiceDefaults.Tests;

/// <summary>Builds a small web app the way a service does, so ServiceDefaults is tested as services use it.</summary>
internal static class TestApps
{
    public static async Task<WebApplication> StartAsync(
        IEnumerable<KeyValuePair<string, string?>> settings,
        Action<WebApplication>? map = null,
        bool withMessaging = true,
        Action<WebApplicationBuilder>? configure = null,
        bool waitForBus = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Consumers are discovered in the application's assembly: this test assembly.
            ApplicationName = typeof(TestApps).Assembly.GetName().Name,
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults(withMessaging);
        builder.Services.AddSingleton<ConsumerProbe>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        map?.Invoke(app);
        await app.StartAsync();
        if (withMessaging && waitForBus)
        {
            await WaitForReadyAsync(app);
        }

        return app;
    }

    // MassTransit's hosted service returns before its receive endpoints (and their queue bindings) exist:
    // a message published earlier would be routed nowhere. The bus health check turns Healthy once they do.
    private static async Task WaitForReadyAsync(WebApplication app)
    {
        var health = app.Services.GetRequiredService<HealthCheckService>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // The error-queue check reports messages earlier tests left, not readiness.
        while ((await health.CheckHealthAsync(r => r.Name != Saas.ServiceDefaults.Messaging.ErrorQueueHealthCheck.Name)).Status != HealthStatus.Healthy)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the bus did not become ready within 30 s");
            }

            await Task.Delay(50);
        }
    }
}
