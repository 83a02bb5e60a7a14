using Saas.Identity;
using Saas.Identity.Features.Auth;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIdentityServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapAuthEndpoints();

await app.RunWithStartupChecksAsync();

public partial class Program;
