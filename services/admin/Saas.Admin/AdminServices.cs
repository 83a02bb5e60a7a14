using Saas.Admin.Features.Alerts;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Settings;
using Saas.Admin.Features.Staff;
using Saas.Admin.Features.Timeline;
using Saas.Admin.Features.Usage;
using Saas.Admin.Features.Users;
using Saas.Admin.Features.Webhooks;
using Saas.ServiceDefaults;
using Saas.Storage;

namespace Saas.Admin;

public static class AdminServices
{
    public static IHostApplicationBuilder AddAdminServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDocumentStore(builder.Configuration, ResourceNames.Admin);
        builder.Services.AddStoreInitializer<SettingsIndexes>();
        builder.Services.AddStoreInitializer<AuditLog>();
        builder.Services.AddSingleton(TimeProvider.System);
        // The application services the API routes and the console pages share.
        builder.Services.AddScoped<AuditSearch>();
        builder.Services.AddScoped<UserAdministration>();
        builder.Services.AddScoped<UsageAdministration>();
        builder.Services.AddScoped<WebhookEventAdministration>();
        builder.Services.AddScoped<SettingsAdministration>();
        builder.Services.AddSingleton<PublicSettingsCache>();
        builder.Services.AddTimeline();
        builder.AddStaffAuthentication();
        builder.AddDownstreamServices();
        builder.AddAlerts();
        return builder;
    }
}
