using Saas.Admin;
using Saas.Admin.Features.Alerts;
using Saas.Admin.Features.Audit;
using Saas.Admin.Http;
using Saas.Admin.Features.Console;
using Saas.Admin.Features.Settings;
using Saas.Admin.Features.Timeline;
using Saas.Admin.Features.Usage;
using Saas.Admin.Features.Users;
using Saas.Admin.Features.Webhooks;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAdminServices();
builder.AddAdminConsole();

var app = builder.Build();

app.UseForwardedHeaders(); // first: the sign-in throttle and the audit log see the real client
app.UseConsoleCookiePrefix(); // then: over https (or a forwarded https) the console's cookies are __Host- cookies
app.UseRequestBodyLimit();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSettingsEndpoints();
app.MapAdminSettingsEndpoints();
app.MapUserEndpoints();
app.MapUsageEndpoints();
app.MapStripeWebhookEndpoints();
app.MapAuditEndpoints();
app.MapAlertsEndpoints();
app.MapTimelineEndpoints();
app.MapAdminConsole();

await app.RunWithStartupChecksAsync();

public partial class Program;
