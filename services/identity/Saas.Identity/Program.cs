using Saas.Identity;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIdentityServices();

var app = builder.Build();

app.UseIdentityPipeline();
app.MapDefaultEndpoints();
app.MapIdentityEndpoints();

await app.RunWithStartupChecksAsync();

public partial class Program;
