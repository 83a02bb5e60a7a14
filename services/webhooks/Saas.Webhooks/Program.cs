using Saas.Webhooks;
using Saas.Webhooks.Features.Intake;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebhooksServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapIntakeEndpoints();

await app.RunWithStartupChecksAsync();

public partial class Program;
