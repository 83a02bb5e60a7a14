using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Mail;
using Saas.Identity.Features.Tokens;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Security;
using Saas.Storage;

namespace Saas.Identity.Features.Staff;

/// <summary>What the admin service calls: user search, one user, roles, impersonation. Never routed by the gateway.</summary>
public static class StaffEndpoints
{
    private const string RoutePrefix = "/internal";

    public static IEndpointRouteBuilder MapStaffEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Internal").ExcludeFromDescription().RequireInternalApiKey(services => services.GetRequiredService<IOptions<AccountOptions>>().Value.InternalApiKey);
        group.MapGet("/users", SearchUsers).WithSummary("Users by e-mail/name fragment and subscription status, newest first.");
        group.MapGet("/users/{id}", GetUser).WithSummary("One user.");
        group.MapPut("/users/{id}/roles", SetRoles).WithSummary("Replaces the user's staff roles (admin, support).");
        group.MapPost("/users/{id}/impersonation-token", Impersonate).WithSummary("A short token to act as the user, naming the staff member in `act`.");
        group.MapDevMailboxEndpoints();
        return routes;
    }

    public static async Task<Results<Ok<UserListResponse>, ProblemHttpResult>> SearchUsers(
        IdentityStore store, string? search, string? status, string? page, string? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryParse(page, limit, defaultLimit: 20, out var paging, out var error))
        {
            return error!;
        }

        var text = search?.Trim() ?? "";
        var email = text.ToLowerInvariant();
        System.Linq.Expressions.Expression<Func<User, bool>> filter = (text.Length, status) switch
        {
            (0, null) => u => true,
            (0, _) => u => u.SubscriptionStatus == status,
            (_, null) => u => u.Email.Contains(email) || (u.Name != null && u.Name.Contains(text)),
            _ => u => u.SubscriptionStatus == status && (u.Email.Contains(email) || (u.Name != null && u.Name.Contains(text))),
        };
        var users = await store.Users.FindAsync(filter,
            new QueryOptions<User> { SortBy = [new(u => u.CreatedAt, Descending: true), new(u => u.Id, Descending: true)], Skip = paging.Skip, Take = paging.Limit },
            cancellationToken);
        var total = await store.Users.CountAsync(filter, cancellationToken);
        return TypedResults.Ok(new UserListResponse([.. users.Select(UserResponse.From)], total, paging.Page, paging.Limit));
    }

    public static async Task<Results<Ok<SingleUserResponse>, ProblemHttpResult>> GetUser(
        string id, IdentityStore store, CancellationToken cancellationToken) =>
        await store.Users.GetAsync(id, cancellationToken) is { } user
            ? TypedResults.Ok(new SingleUserResponse(UserResponse.From(user)))
            : Me.UserNotFound();

    public static async Task<Results<Ok<SingleUserResponse>, ProblemHttpResult>> SetRoles(
        string id, HttpRequest request, IdentityStore store, IOptions<AccountOptions> options, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var roles = body.Strings("roles");
        if (roles?.FirstOrDefault(r => !SaasRoles.All.Contains(r)) is { } unknown)
        {
            body.Fail<string>($"Unknown role '{unknown}' (allowed: {string.Join(", ", SaasRoles.All)})", "roles");
        }

        if (body.Error is { } error)
        {
            return error;
        }

        var user = await store.Users.UpdateAsync(id, u =>
        {
            u.Roles = [.. roles!.Distinct()];
            u.UpdatedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);
        if (user is null)
        {
            return Me.UserNotFound();
        }

        loggers.CreateLogger(typeof(StaffEndpoints)).LogInformation("Roles of user {UserId} set to [{Roles}]", id, string.Join(", ", user.Roles));
        return TypedResults.Ok(new SingleUserResponse(UserResponse.From(user)));
    }

    public static async Task<Results<Ok<ImpersonationResponse>, ProblemHttpResult>> Impersonate(
        string id, HttpRequest request, IdentityStore store, AccessTokenIssuer issuer, ActivityLog activity,
        IOptions<AccountOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var staff = body.String("staff", maxLength: 200)?.Trim();
        if (body.Error is { } error)
        {
            return error;
        }

        if (await store.Users.GetAsync(id, cancellationToken) is not { } user)
        {
            return Me.UserNotFound();
        }

        // A staff account is never impersonated: the token carries no roles, but it would let one staffer act as
        // another in every service and in that person's activity log.
        if (user.Roles.Count > 0)
        {
            return ErrorResults.Error(StatusCodes.Status403Forbidden, "Staff accounts cannot be impersonated");
        }

        var token = await issuer.IssueImpersonationAsync(user, staff!, cancellationToken);
        // Audit trail on both sides: the log for operators, the user's own activity log for the user.
        loggers.CreateLogger(typeof(StaffEndpoints)).LogWarning("Staff {Staff} was issued an impersonation token for user {UserId} until {ExpiresAt:o}", staff, user.Id, token.ExpiresAt);
        await activity.RecordAsync(user.Id, ActivityLog.Impersonated, new() { ["staff"] = staff }, cancellationToken);
        return TypedResults.Ok(new ImpersonationResponse(token.Token, token.ExpiresAt));
    }
}

public sealed record UserListResponse(IReadOnlyList<UserResponse> Users, long Total, int Page, int Limit);

public sealed record SingleUserResponse(UserResponse User);

public sealed record ImpersonationResponse(string Token, DateTimeOffset ExpiresAt);
