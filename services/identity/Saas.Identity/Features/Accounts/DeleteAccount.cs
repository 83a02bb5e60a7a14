using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Saas.Contracts.Identity;
using Saas.Identity.Features.Organizations;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Messaging;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Tokens;

namespace Saas.Identity.Features.Accounts;

public static class DeleteAccount
{
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext http,
        ClaimsPrincipal principal,
        IdentityStore store,
        Passwords passwords,
        PasswordGuessThrottle throttle,
        MessageOutbox outbox,
        AccountDeletion organizations,
        IOptions<AccountOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (principal.IsImpersonation())
        {
            return Impersonation.Refused("Deleting the account", "password");
        }

        var body = await JsonBody.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var password = body.String("password");
        if (body.Error is { } error)
        {
            return error;
        }

        if (await store.Users.GetAsync(principal.GetUserId()!, cancellationToken) is not { } user)
        {
            return Me.UserNotFound();
        }

        if (await PasswordCheck.VerifyAsync(http, user, password!, "password", passwords, throttle, cancellationToken) is { } refused)
        {
            return refused;
        }

        // Organizations first (refused, with nothing changed, while the user is the last owner of one with other
        // members): their events carry the memberships' end before UserDeleted.
        if ((await organizations.RefusalAsync(user.Id, cancellationToken) ?? await organizations.LeaveAllAsync(user.Id, cancellationToken)) is { } blocked)
        {
            return blocked;
        }

        // The event first: if the process dies half-way, the outbox still tells the other services, and a
        // second attempt by the user (or support) finishes the deletion here.
        await outbox.EnqueueAsync(new UserDeleted
        {
            EventId = Guid.NewGuid(),
            OccurredAt = time.GetUtcNow(),
            UserId = user.Id,
            Email = user.Email,
            StripeCustomerId = user.StripeCustomerId,
            StripeSubscriptionId = user.StripeSubscriptionId,
        }, user.Id, cancellationToken);
        await DeleteDataAsync(store, user.Id, cancellationToken);
        return TypedResults.Ok(new MessageResponse("Account deleted successfully"));
    }

    /// <summary>Removes everything identity holds about the user; the user document goes last so a retry can find it.</summary>
    public static async Task DeleteDataAsync(IdentityStore store, string userId, CancellationToken cancellationToken)
    {
        await store.Sessions.DeleteManyAsync(s => s.UserId == userId, cancellationToken);
        await store.RefreshTokens.DeleteManyAsync(t => t.UserId == userId, cancellationToken);
        await store.OneTimeTokens.DeleteManyAsync(t => t.UserId == userId, cancellationToken);
        await store.Notifications.DeleteManyAsync(n => n.UserId == userId, cancellationToken);
        await store.Activity.DeleteManyAsync(a => a.UserId == userId, cancellationToken);
        await store.Users.DeleteAsync(userId, cancellationToken);
    }
}

/// <summary>Password confirmation on a signed-in route, throttled like login so a stolen access token cannot guess it.</summary>
public static class PasswordCheck
{
    public static async Task<ProblemHttpResult?> VerifyAsync(
        HttpContext http, User user, string password, string field, Passwords passwords, PasswordGuessThrottle throttle, CancellationToken cancellationToken)
    {
        var ip = ClientAddress.Of(http);
        if (throttle.TryReserve(user.Email, ip) is { } wait)
        {
            return Login.TooManyAttempts(http, wait);
        }

        if (await passwords.VerifyAsync(user, password, cancellationToken) == PasswordVerificationResult.Failed)
        {
            // 400, not 401: clients treat 401 as "access token expired" and would refresh and retry, or sign out.
            return ErrorResults.BadRequest("Incorrect password", field);
        }

        throttle.RecordSuccess(user.Email, ip);
        return null;
    }
}
