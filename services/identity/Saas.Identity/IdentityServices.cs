using Saas.ServiceDefaults;
using Saas.Storage;

namespace Saas.Identity;

public static class IdentityServices
{
    public static IHostApplicationBuilder AddIdentityServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDocumentStore(builder.Configuration, ResourceNames.Identity);
        return builder;
    }
}
