using Microsoft.Extensions.Configuration;
using Saas.ServiceDefaults;

namespace Saas.AppHost.Wiring;

/// <summary>
/// Links between the two tools (issue 19 item 5): admin learns the dashboard's address (<c>Dashboard__Url</c>) to turn
/// an attempt's trace id into a link, and webhooks the console's (<c>Console__Url</c>) to tag its processing spans
/// with the event's console page.
/// </summary>
internal static class ConsoleLinks
{
    public static void WithConsoleLinks(
        this IReadOnlyList<IResourceBuilder<BuiltServiceResource>> services, IConfiguration configuration, int gatewayPort)
    {
        var names = ResourceNames.Services.ToList();
        // A plain string: an interpolated one would bind to the ReferenceExpression overload.
        var consoleUrl = "http://localhost:" + gatewayPort + "/admin";
        services[names.IndexOf(ResourceNames.Webhooks)].WithEnvironment("Console__Url", consoleUrl);
        if (DashboardUrl(configuration) is { } dashboard)
        {
            services[names.IndexOf(ResourceNames.Admin)].WithEnvironment("Dashboard__Url", dashboard);
        }
    }

    /// <summary>The dashboard's browser address: the first of the AppHost's <c>ASPNETCORE_URLS</c> (what <c>./saas up</c> sets).</summary>
    private static string? DashboardUrl(IConfiguration configuration) =>
        configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => Uri.TryCreate(u, UriKind.Absolute, out _));
}
