using Saas.Admin.Features.Staff;

namespace Saas.Admin.Features.Alerts;

/// <summary><c>GET /api/admin/alerts</c>: the alerts firing now, oldest first, with since-when.</summary>
public static class AlertsEndpoints
{
    public static IEndpointRouteBuilder MapAlertsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/admin/alerts", (AlertBoard board) => TypedResults.Ok(new { evaluatedAt = board.EvaluatedAt, alerts = board.Active }))
            .WithTags("Admin").RequireAuthorization(StaffAuthentication.SupportPolicy)
            .WithSummary("Alerts firing now (exhausted retries, webhook backlog, API version drift, a service or the broker down).");
        return routes;
    }
}
