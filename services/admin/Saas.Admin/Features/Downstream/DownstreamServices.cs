using Microsoft.Extensions.Http.Resilience;
using Saas.ServiceDefaults;

namespace Saas.Admin.Features.Downstream;

/// <summary>
/// One named HttpClient per internal API (<c>http://identity</c> etc., resolved by service discovery from
/// <c>services:{name}:http:0</c>), each with its own resilience pipeline so one service's outage opens only its
/// circuit. Retries are off for POST/PUT/DELETE: a replay or override must not be sent twice.
/// Tunable under <c>Admin:Resilience</c> (<c>HttpStandardResilienceOptions</c>).
/// </summary>
public static class DownstreamServices
{
    public static IHostApplicationBuilder AddDownstreamServices(this IHostApplicationBuilder builder)
    {
        var resilience = builder.Configuration.GetSection("Admin:Resilience");
        foreach (var name in new[] { ResourceNames.Identity, ResourceNames.Billing, ResourceNames.Webhooks })
        {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace the default handler.
            var client = builder.Services.AddHttpClient(name, c => c.BaseAddress = new Uri($"http://{name}"))
                .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
            var pipeline = resilience.Exists() ? client.AddStandardResilienceHandler(resilience) : client.AddStandardResilienceHandler();
            builder.Services.Configure<HttpStandardResilienceOptions>(pipeline.PipelineName, o => o.Retry.DisableForUnsafeHttpMethods());
        }

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<DownstreamApi>();
        return builder;
    }
}
