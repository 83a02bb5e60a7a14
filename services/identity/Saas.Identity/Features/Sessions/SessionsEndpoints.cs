using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Sessions;

public static class SessionsEndpoints
{
    private const string RoutePrefix = "/api/auth";

    public static IEndpointRouteBuilder MapSessionsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Sessions");
        group.MapPost("/refresh-token", Refresh).WithSummary("Exchanges a refresh token for a new access and refresh token.");
        group.MapPost("/logout", Logout).RequireAuthorization().WithSummary("Ends this session.");
        group.MapPost("/logout-all", LogoutAll).RequireAuthorization().WithSummary("Ends every session of the signed-in user.");
        group.MapGet("/sessions", List).RequireAuthorization().WithSummary("The signed-in user's sessions (device, IP, created, last used).");
        group.MapDelete("/sessions/{id}", Revoke).RequireAuthorization().WithSummary("Ends one of the signed-in user's sessions.");
        return routes;
    }

    public static async Task<Results<Ok<RefreshResponse>, ProblemHttpResult>> Refresh(
        HttpContext http, SessionService sessions, IOptions<AccountOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var presented = body.String("refreshToken", maxLength: 256);
        if (body.Error is { } error)
        {
            return error;
        }

        return await sessions.RefreshAsync(presented!, http, cancellationToken) is { } tokens
            ? TypedResults.Ok(new RefreshResponse(tokens.Token, tokens.RefreshToken))
            : ErrorResults.Unauthorized("Invalid or expired refresh token");
    }

    public static async Task<Ok<MessageResponse>> Logout(
        ClaimsPrincipal principal, SessionService sessions, ActivityLog activity, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId()!;
        if (principal.GetSessionId() is { } sessionId)
        {
            await sessions.RevokeAsync(userId, sessionId, cancellationToken);
        }

        await activity.RecordAsync(userId, ActivityLog.Logout, null, cancellationToken);
        return TypedResults.Ok(new MessageResponse("Logged out successfully"));
    }

    public static async Task<Ok<LogoutAllResponse>> LogoutAll(
        ClaimsPrincipal principal, SessionService sessions, ActivityLog activity, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId()!;
        var count = (int)await sessions.RevokeAllAsync(userId, cancellationToken);
        await activity.RecordAsync(userId, ActivityLog.LogoutAll, new() { ["sessions"] = count }, cancellationToken);
        return TypedResults.Ok(new LogoutAllResponse("Logged out of all sessions", count));
    }

    public static async Task<Ok<SessionsResponse>> List(
        ClaimsPrincipal principal, SessionService sessions, CancellationToken cancellationToken)
    {
        var current = principal.GetSessionId();
        var list = await sessions.ListAsync(principal.GetUserId()!, cancellationToken);
        return TypedResults.Ok(new SessionsResponse([.. list.Select(s =>
            new SessionResponse(s.Id, s.Device, s.Ip, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.Id == current))]));
    }

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> Revoke(
        string id, ClaimsPrincipal principal, SessionService sessions, ActivityLog activity, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId()!;
        if (!await sessions.RevokeAsync(userId, id, cancellationToken))
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, "Session not found");
        }

        await activity.RecordAsync(userId, ActivityLog.SessionRevoked, new() { ["sessionId"] = id }, cancellationToken);
        return TypedResults.Ok(new MessageResponse("Session revoked"));
    }
}

public sealed record RefreshResponse(string Token, string RefreshToken);

public sealed record LogoutAllResponse(string Message, int Sessions);

public sealed record SessionsResponse(IReadOnlyList<SessionResponse> Sessions);

public sealed record SessionResponse(
    [property: JsonPropertyName("_id")] string Id,
    string? Device,
    string? Ip,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    bool Current);
