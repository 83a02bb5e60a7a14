using Saas.Identity;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.ApiKeys;
using Saas.Identity.Features.Notifications;
using Saas.Identity.Features.Organizations;
using Saas.Identity.Features.PasswordReset;
using Saas.Identity.Features.Profile;
using Saas.Identity.Features.Sessions;
using Saas.Identity.Features.Staff;
using Saas.Identity.Features.Tokens;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIdentityServices();

var app = builder.Build();

app.UseIdentityPipeline();
app.MapDefaultEndpoints();
app.MapAccountsEndpoints();
app.MapSessionsEndpoints();
app.MapProfileEndpoints();
app.MapPasswordResetEndpoints();
app.MapNotificationsEndpoints();
app.MapActivityEndpoints();
app.MapJwksEndpoints();
app.MapStaffEndpoints();
app.MapOrganizationsEndpoints();
app.MapOrganizationHistoryEndpoints();
app.MapApiKeysEndpoints();

await app.RunWithStartupChecksAsync();

public partial class Program;
