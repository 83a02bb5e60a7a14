using Saas.AppHost.Hosting;
using Saas.AppHost.Status;
using Saas.AppHost.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppHost();

return await builder.RunAppHostAsync(app =>
{
    app.MapStatusApi();
    app.MapTelemetry();
});
