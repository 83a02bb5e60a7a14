using Saas.ServiceDefaults.Configuration;

namespace Saas.Admin.Features.Alerts;

public static class AlertsRegistration
{
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AlertOptions>(AlertOptions.SectionName);
        services.AddSingleton<AlertBoard>();
        services.AddScoped<AlertConditions>();
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<AlertEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluator>());
        // ServiceDefaults gives every HttpClient the standard resilience handler; this one keeps it.
        services.AddHttpClient(AlertNotifier.ClientName);
        services.AddHealthChecks().AddCheck<AlertsHealthCheck>(AlertsHealthCheck.Name);
        return builder;
    }
}
