using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;
using Saas.Webhooks.Features.Intake;
using Saas.Storage;

namespace Saas.Webhooks;

public static class WebhooksServices
{
    public static IHostApplicationBuilder AddWebhooksServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDocumentStore(builder.Configuration, ResourceNames.Webhooks);
        builder.Services.AddValidatedOptions<StripeWebhookOptions>(StripeWebhookOptions.SectionName);
        return builder;
    }
}
