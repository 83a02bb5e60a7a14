using Saas.AppHost.Dashboard;
using Saas.AppHost.Hosting;
using Saas.AppHost.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppHost();
builder.AddDashboard();

// The dashboard's login check (mapped first) covers the telemetry API too; the OTLP receiver has its own port and key.
return await builder.RunAppHostAsync(app => app.MapDashboard().MapTelemetry());
