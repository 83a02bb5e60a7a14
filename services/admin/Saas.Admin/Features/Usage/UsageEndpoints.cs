using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults.Errors;

namespace Saas.Admin.Features.Usage;

/// <summary>Seed 001's metering for staff: counters (read: support; set/reset: admin) and keys that bypass limits (admin).</summary>
public static class UsageEndpoints
{
    private const string RoutePrefix = "/api/admin";

    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Admin");
        group.MapGet("/users/{id}/usage", GetAsync).RequireAuthorization(StaffAuthentication.SupportPolicy);
        group.MapPut("/users/{id}/usage/{feature}", SetAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapDelete("/users/{id}/usage/{feature}", ResetAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapGet("/users/{id}/api-keys", ListKeysAsync).RequireAuthorization(StaffAuthentication.SupportPolicy);
        group.MapPut("/users/{id}/api-keys/{keyId}/bypass-limits", SetBypassAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapGet("/usage/bypass-keys", ListBypassAsync).RequireAuthorization(StaffAuthentication.SupportPolicy);
        return routes;
    }

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> GetAsync(string id, UsageAdministration usage, CancellationToken ct) =>
        (await usage.GetAsync(id, ct)).ToHttpResult();

    // An empty change is refused here, before billing is asked (billing checks the values).
    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> SetAsync(
        string id, string feature, SetUsageRequest body, UsageAdministration usage, HttpContext context, CancellationToken ct) =>
        body is { Monthly: null, Daily: null, Total: null }
            ? ErrorResults.BadRequest("Give at least one of monthly, daily, total", "monthly")
            : (await usage.SetAsync(context, id, feature, body, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ResetAsync(string id, string feature, UsageAdministration usage, HttpContext context, CancellationToken ct) =>
        (await usage.ResetAsync(context, id, feature, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ListKeysAsync(string id, UsageAdministration usage, CancellationToken ct) =>
        (await usage.ListKeysAsync(id, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> SetBypassAsync(
        string id, string keyId, BypassRequest body, UsageAdministration usage, HttpContext context, CancellationToken ct) =>
        body.BypassLimits is { } bypass
            ? (await usage.SetBypassAsync(context, id, keyId, bypass, body.Reason, ct)).ToHttpResult()
            : ErrorResults.BadRequest("bypassLimits (true or false) is required", "bypassLimits");

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ListBypassAsync(UsageAdministration usage, CancellationToken ct) =>
        (await usage.ListBypassAsync(ct)).ToHttpResult();
}
