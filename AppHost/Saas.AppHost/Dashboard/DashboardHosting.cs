using Saas.AppHost.Dashboard.Access;
using Saas.AppHost.Dashboard.Live;
using Saas.AppHost.Status;

namespace Saas.AppHost.Dashboard;

/// <summary>The operator dashboard on the dashboard port: login, the status API, live streams and the pages.</summary>
internal static class DashboardHosting
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardToken>();
        return builder;
    }

    /// <summary>
    /// Everything on the dashboard port requires the login token (see <see cref="DashboardAccess"/>), including endpoints
    /// mapped after this call, such as the telemetry API.
    /// </summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseMiddleware<DashboardAccess>();
        app.MapDashboardLogin();
        app.MapStatusApi();
        app.MapResourceStream();
        app.MapConsoleLogs();
        app.MapDashboardPages();
        return app;
    }
}
