using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults;
using Saas.Storage;

namespace Saas.Admin;

public static class AdminServices
{
    public static IHostApplicationBuilder AddAdminServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDocumentStore(builder.Configuration, ResourceNames.Admin);
        builder.Services.AddHostedService<AdminStoreSetup>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditLog>();
        builder.AddStaffAuthentication();
        builder.AddDownstreamServices();
        return builder;
    }
}
