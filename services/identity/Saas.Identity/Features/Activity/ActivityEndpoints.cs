using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Activity;

public static class ActivityEndpoints
{
    private const string RoutePrefix = "/api/activity-log";
    private const int MaxActionLength = 100;

    public static IEndpointRouteBuilder MapActivityEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Activity").RequireAuthorization();
        group.MapGet("/", GetLogs).WithSummary("The signed-in user's activity, newest first (?page=&limit=).");
        group.MapPost("/", PostLog).WithSummary("Records an activity entry for the signed-in user.");
        return routes;
    }

    public static async Task<Results<Ok<ActivityLogsResponse>, ProblemHttpResult>> GetLogs(
        ClaimsPrincipal principal, IdentityStore store, string? page, string? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryParse(page, limit, defaultLimit: 20, out var paging, out var error))
        {
            return error!;
        }

        var userId = principal.GetUserId()!;
        var entries = await store.Activity.FindAsync(
            a => a.UserId == userId,
            new QueryOptions<ActivityEntry> { SortBy = [new(a => a.CreatedAt, Descending: true), new(a => a.Id, Descending: true)], Skip = paging.Skip, Take = paging.Limit },
            cancellationToken);
        return TypedResults.Ok(new ActivityLogsResponse([.. entries.Select(ActivityResponse.From)]));
    }

    public static async Task<Results<Created<ActivityLoggedResponse>, ProblemHttpResult>> PostLog(
        ClaimsPrincipal principal, HttpRequest request, ActivityLog log, IOptions<AccountOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var action = body.String("action", maxLength: MaxActionLength);
        var details = body.Object("details");
        if (action is not null && ActivityLog.Reserved.Contains(action.Trim()))
        {
            body.Fail<string>($"'{action.Trim()}' entries are written by the service only", "action");
        }

        if (body.Error is { } error)
        {
            return error;
        }

        var fields = ToDictionary(details);
        fields?.Remove(ActivityLog.ImpersonatedBy); // only the service says who acted behind an impersonation
        var entry = await log.RecordAsync(principal.GetUserId()!, action!.Trim(), fields, cancellationToken);
        return TypedResults.Created((string?)null, new ActivityLoggedResponse("Activity logged", ActivityResponse.From(entry)));
    }

    internal static Dictionary<string, object?>? ToDictionary(JsonElement? element) =>
        element?.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
}

public sealed record ActivityLogsResponse(IReadOnlyList<ActivityResponse> Logs);

public sealed record ActivityLoggedResponse(string Message, ActivityResponse Log);
