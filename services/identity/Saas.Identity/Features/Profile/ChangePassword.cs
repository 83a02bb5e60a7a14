using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Common;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Sessions;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Profile;

public static class ChangePassword
{
    public static async Task<Results<Ok<MessageResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpContext http,
        ClaimsPrincipal principal,
        IdentityStore store,
        Passwords passwords,
        LoginThrottle throttle,
        SessionService sessions,
        ActivityLog activity,
        IOptions<AccountOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var current = body.String("currentPassword");
        var next = body.String("newPassword");
        if (next is not null && PasswordPolicy.Check(next) is { } weak)
        {
            body.Fail<string>(weak, "newPassword");
        }

        if (body.Error is { } error)
        {
            return error;
        }

        if (await store.Users.GetAsync(principal.GetUserId()!, cancellationToken) is not { } user)
        {
            return Me.UserNotFound();
        }

        if (await PasswordCheck.VerifyAsync(http, user, current!, "currentPassword", passwords, throttle, cancellationToken) is { } refused)
        {
            return refused;
        }

        var hash = await passwords.HashAsync(next!, cancellationToken);
        await store.Users.UpdateAsync(user.Id, u =>
        {
            u.PasswordHash = hash;
            u.UpdatedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);
        // Whoever knew the old password may hold a session: all of them end, this one included.
        await sessions.RevokeAllAsync(user.Id, cancellationToken);
        await activity.RecordAsync(user.Id, ActivityLog.PasswordChanged, null, cancellationToken);
        return TypedResults.Ok(new MessageResponse("Password changed successfully"));
    }
}
