using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Notifications;

public static class NotificationsEndpoints
{
    private const string RoutePrefix = "/api/notifications";

    public static IEndpointRouteBuilder MapNotificationsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", GetNotifications).WithSummary("The signed-in user's notifications, newest first (?page=&limit=).");
        group.MapPut("/{id}/read", MarkRead).WithSummary("Marks one of the signed-in user's notifications as read.");
        return routes;
    }

    public static async Task<Results<Ok<NotificationsResponse>, ProblemHttpResult>> GetNotifications(
        ClaimsPrincipal principal, IdentityStore store, string? page, string? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryParse(page, limit, defaultLimit: 50, out var paging, out var error))
        {
            return error!;
        }

        var userId = principal.GetUserId()!;
        var notifications = await store.Notifications.FindAsync(
            n => n.UserId == userId,
            new QueryOptions<Notification> { SortBy = [new(n => n.CreatedAt, Descending: true), new(n => n.Id, Descending: true)], Skip = paging.Skip, Take = paging.Limit },
            cancellationToken);
        return TypedResults.Ok(new NotificationsResponse([.. notifications.Select(NotificationResponse.From)]));
    }

    public static async Task<Results<Ok<Accounts.MessageResponse>, ProblemHttpResult>> MarkRead(
        string id, ClaimsPrincipal principal, IdentityStore store, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId()!;
        // Another user's notification is "not found" too: no hint that the id exists.
        var updated = await store.Notifications.UpdateAsync(id, n =>
        {
            if (n.UserId != userId || n.Read)
            {
                return false;
            }

            n.Read = true;
            return true;
        }, cancellationToken);
        return updated is null || updated.UserId != userId
            ? ErrorResults.Error(StatusCodes.Status404NotFound, "Notification not found")
            : TypedResults.Ok(new Accounts.MessageResponse("Notification marked as read"));
    }
}

public sealed record NotificationsResponse(IReadOnlyList<NotificationResponse> Notifications);
