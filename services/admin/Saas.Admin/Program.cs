using Saas.Admin;
using Saas.Admin.Features.Settings;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAdminServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSettingsEndpoints();

await app.RunWithStartupChecksAsync();

public partial class Program;
