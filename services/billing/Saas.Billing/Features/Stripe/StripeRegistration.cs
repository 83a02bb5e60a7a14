using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Configuration;

namespace Saas.Billing.Features.Stripe;

public static class StripeRegistration
{
    /// <summary>The named HttpClient every Stripe call goes through.</summary>
    public const string HttpClientName = "stripe";

    /// <summary>
    /// Stripe.net over an IHttpClientFactory client with its own standard resilience pipeline (timeouts, retries on
    /// 408/429/5xx, circuit breaker), tunable under <c>Stripe:Resilience</c> (Microsoft.Extensions.Http.Resilience's
    /// <c>HttpStandardResilienceOptions</c>). Its own pipeline, not the shared default one, so Stripe failures open
    /// a circuit for Stripe only.
    /// </summary>
    public static IHostApplicationBuilder AddStripe(this IHostApplicationBuilder builder)
    {
        var environment = builder.Environment;
        builder.Services.AddValidatedOptions<StripeOptions>(StripeOptions.SectionName)
            .Configure(o => o.SecretKeyOptional = environment.IsDevelopment() || environment.IsEnvironment("Testing"));

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace the default handler.
        // The overload taking a section throws when the section is absent, so bind it only when it exists.
        var resilience = builder.Configuration.GetSection($"{StripeOptions.SectionName}:Resilience");
        var stripeClient = builder.Services.AddHttpClient(HttpClientName).RemoveAllResilienceHandlers();
        _ = resilience.Exists() ? stripeClient.AddStandardResilienceHandler(resilience) : stripeClient.AddStandardResilienceHandler();
#pragma warning restore EXTEXP0001
        builder.Services.AddHttpClient(HttpClientName).RedactLoggedHeaders(_ => true); // Authorization carries the key

        builder.Services.AddScoped<StripeGateway>();
        builder.Services.AddScoped<StripeErrorFilter>();
        return builder;
    }

    internal static global::Stripe.StripeClient CreateClient(IHttpClientFactory clients, IOptions<StripeOptions> options)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new StripeUnavailableException("Stripe is not configured (Stripe:SecretKey is empty)");
        }

        // Retries belong to the resilience pipeline: Stripe.net's own would multiply them.
        var http = new global::Stripe.SystemNetHttpClient(clients.CreateClient(HttpClientName), maxNetworkRetries: 0);
        return new global::Stripe.StripeClient(new global::Stripe.StripeClientOptions
        {
            ApiKey = settings.SecretKey,
            ApiBase = settings.ApiBase.TrimEnd('/'),
            HttpClient = http,
        });
    }
}
