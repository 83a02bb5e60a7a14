using Saas.ServiceDefaults.Configuration;

namespace Saas.Admin.Features.Timeline;

public static class TimelineServices
{
    /// <summary>The customer timeline, the replay preview and the dashboard links.</summary>
    public static IServiceCollection AddTimeline(this IServiceCollection services)
    {
        services.AddValidatedOptions<DashboardOptions>(DashboardOptions.SectionName);
        services.AddSingleton<DashboardLinks>();
        services.AddScoped<CustomerTimeline>();
        services.AddScoped<ReplayPreviewer>();
        return services;
    }
}
