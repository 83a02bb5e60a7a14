using Saas.AppHost.Hosting;
using Saas.AppHost.Status;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppHost();

return await builder.RunAppHostAsync(app => app.MapStatusApi());
