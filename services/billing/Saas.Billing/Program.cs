using Saas.Billing;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBillingServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapBillingEndpoints();

await app.RunWithStartupChecksAsync();

public partial class Program;
