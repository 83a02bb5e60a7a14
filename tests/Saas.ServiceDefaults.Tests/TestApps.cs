using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Tests.Messaging;

namespace Saas.ServiceDefaults.Tests;

/// <summary>Builds a small web app the way a service does, so ServiceDefaults is tested as services use it.</summary>
internal static class TestApps
{
    public static async Task<WebApplication> StartAsync(
        IEnumerable<KeyValuePair<string, string?>> settings,
        Action<WebApplication>? map = null,
        bool withMessaging = true)
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

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        map?.Invoke(app);
        await app.StartAsync();
        return app;
    }
}
