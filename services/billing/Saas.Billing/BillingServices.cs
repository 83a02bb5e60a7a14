using Saas.Billing.Storage;
using Saas.Billing.Features.Checkout;
using Saas.Billing.Features.Organizations;
using Saas.Billing.Features.Portal;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Stripe;
using Saas.Billing.Features.Subscriptions;
using Saas.Billing.Features.Timeline;
using Saas.Billing.Features.Usage;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Authentication.ApiKeys;
using Saas.ServiceDefaults.Configuration;
using Saas.ServiceDefaults.Messaging;
using Saas.ServiceDefaults.Security;
using Saas.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Saas.Billing;

public static class BillingServices
{
    public static IHostApplicationBuilder AddBillingServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtValidation();
        builder.AddApiKeyAuthentication();
        builder.AddStripe();

        var services = builder.Services;
        services.AddDocumentStore(builder.Configuration, ResourceNames.Billing);
        services.AddValidatedOptions<PlanCatalogOptions>(PlanCatalogOptions.SectionName);
        services.AddValidatedOptions<CheckoutOptions>(CheckoutOptions.SectionName);
        services.AddValidatedOptions<InternalApiOptions>(InternalApiOptions.SectionName)
            .RequireInternalApiKeyOutsideDevelopment("Billing:InternalApiKey", o => o.InternalApiKey);
        services.TryAddSingleton(TimeProvider.System);

        services.AddStoreInitializer<BillingStore>();
        // After the indexes, before the relay's first sweep (hosted services start after every initializer).
        services.AddStoreInitializer<LegacyOutboxUpgrade>();
        services.AddSingleton<PlanCatalog>();
        services.AddMessageInbox();
        services.AddScoped<SubscriptionLedger>();
        services.AddScoped<Reconciler>();
        services.AddScoped<CustomerAccounts>();
        services.AddScoped<CheckoutStarter>();
        services.AddScoped<MembershipProjection>();
        services.AddScoped<UsageSubscribers>();
        services.AddSingleton<UsageMetrics>();
        services.AddScoped<UsageMeter>();
        services.AddScoped<BypassKeys>();
        // Each customer document keeps the SubscriptionChanged events of its changes until published (see SubscriptionLedger).
        services.AddPendingEventsRelay(sp => sp.GetRequiredService<BillingStore>().Customers);
        return builder;
    }
}
