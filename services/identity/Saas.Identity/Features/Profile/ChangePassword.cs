using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Tokens;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Mail;
using Saas.Identity.Features.Sessions;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Profile;

public static class ChangePassword
{
    public static async Task<Results<Ok<ChangePasswordResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext http,
        ClaimsPrincipal principal,
        IdentityStore store,
        Passwords passwords,
        PasswordGuessThrottle throttle,
        SessionService sessions,
        ActivityLog activity,
        OneTimeTokens oneTimeTokens,
        AccountMails mails,
        IOptions<AccountOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (principal.IsImpersonation())
        {
            return Impersonation.Refused("Changing the password", "currentPassword");
        }

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
        // Whoever knew the old password may hold a session: all of them end, except the caller's, who just proved
        // knowing it; that one gets fresh tokens (saasbackend's field names) so the front end stays signed in.
        var tokens = await sessions.KeepOnlyAsync(user.Id, principal.GetSessionId(), cancellationToken);
        await oneTimeTokens.VoidAsync(user.Id, OneTimeTokens.PasswordReset, cancellationToken);
        await activity.RecordAsync(user.Id, ActivityLog.PasswordChanged, null, cancellationToken);
        await mails.QueuePasswordChangedNoticeAsync(user.Email, cancellationToken);
        return TypedResults.Ok(new ChangePasswordResponse("Password changed successfully", tokens?.Token, tokens?.RefreshToken));
    }
}

/// <summary>saasbackend's answer plus the caller's new pair (absent for an impersonation token, which has no session).</summary>
public sealed record ChangePasswordResponse(
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken);
