using Saas.AppHost.Dashboard;
using Saas.AppHost.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppHost();
builder.AddDashboard();

return await builder.RunAppHostAsync(app => app.MapDashboard());
