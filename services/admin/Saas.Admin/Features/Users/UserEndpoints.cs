using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults.Errors;

namespace Saas.Admin.Features.Users;

/// <summary>Seed 000's user routes; the work is <see cref="UserAdministration"/>'s, shared with the console.</summary>
public static class UserEndpoints
{
    private const string RoutePrefix = "/api/admin";

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Admin");
        group.MapGet("/users", ListAsync).RequireAuthorization(StaffAuthentication.SupportPolicy);
        group.MapGet("/users/{id}", GetAsync).RequireAuthorization(StaffAuthentication.SupportPolicy);
        group.MapPut("/users/{id}/subscription", OverrideAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapDelete("/users/{id}/subscription", ClearOverrideAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapPost("/users/{id}/reconcile", ReconcileAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapPost("/generate-token", ImpersonateAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        return routes;
    }

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ListAsync(
        UserAdministration users, string? search, string? status, string? page, string? limit, CancellationToken ct) =>
        (await users.ListAsync(search, status, page, limit, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> GetAsync(UserAdministration users, string id, CancellationToken ct) =>
        (await users.GetAsync(id, ct)).ToHttpResult();

    // A body without a status is refused here, before identity and billing are asked (billing checks the value).
    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> OverrideAsync(
        string id, SubscriptionOverrideRequest body, UserAdministration users, HttpContext context, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(body.SubscriptionStatus ?? body.Status)
            ? ErrorResults.BadRequest("subscriptionStatus is required", "subscriptionStatus")
            : (await users.OverrideAsync(context, id, body, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ClearOverrideAsync(string id, UserAdministration users, HttpContext context, CancellationToken ct) =>
        (await users.ClearOverrideAsync(context, id, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ReconcileAsync(string id, UserAdministration users, HttpContext context, CancellationToken ct) =>
        (await users.ReconcileAsync(context, id, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ImpersonateAsync(
        GenerateTokenRequest body, UserAdministration users, HttpContext context, CancellationToken ct) =>
        (await users.ImpersonateAsync(context, body.UserId, ct)).ToHttpResult();
}

/// <summary>saasbackend's body, plus billing's plan and a note for the audit trail.</summary>
public sealed record SubscriptionOverrideRequest(
    string? SubscriptionStatus, string? Status, string? StripeSubscriptionId, string? StripeCustomerId, string? PlanId,
    string? Reason, string? SetBy = null);

public sealed record UserUpdatedResponse(string Message, JsonNode? User);

public sealed record GenerateTokenRequest(string? UserId);

public sealed record GenerateTokenResponse(string Token, string? RefreshToken, DateTimeOffset? ExpiresAt);
