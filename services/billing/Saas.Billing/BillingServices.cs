using Saas.Billing.Features.Plans;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;
using Saas.Storage;

namespace Saas.Billing;

public static class BillingServices
{
    public static IHostApplicationBuilder AddBillingServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDocumentStore(builder.Configuration, ResourceNames.Billing);
        builder.Services.AddValidatedOptions<PlanCatalogOptions>(PlanCatalogOptions.SectionName);
        return builder;
    }
}
