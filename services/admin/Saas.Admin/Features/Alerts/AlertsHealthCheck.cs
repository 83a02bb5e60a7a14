using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Saas.Admin.Features.Alerts;

/// <summary>
/// Shows firing alerts as admin's resource health on the Aspire dashboard: Degraded with the alerts' text while any
/// fires. Degraded rather than Unhealthy: /health stays 200, so an alert about another part never takes the console
/// (where operators read and act on alerts) out of readiness.
/// </summary>
public sealed class AlertsHealthCheck(AlertBoard board) : IHealthCheck
{
    public const string Name = "alerts";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var alerts = board.Active;
        return Task.FromResult(alerts.Count == 0
            ? HealthCheckResult.Healthy("No alert firing")
            : HealthCheckResult.Degraded(
                $"{alerts.Count} alert(s): " + string.Join("; ", alerts.Select(a => $"{a.Message} (since {a.Since:u})")),
                data: alerts.ToDictionary(a => a.Key, a => (object)a.Message)));
    }
}
