using Saas.ServiceDefaults;
using Saas.Storage;

namespace Saas.Admin;

public static class AdminServices
{
    public static IHostApplicationBuilder AddAdminServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDocumentStore(builder.Configuration, ResourceNames.Admin);
        return builder;
    }
}
