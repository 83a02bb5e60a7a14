using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Tokens;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Mail;
using Saas.Identity.Features.Sessions;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.PasswordReset;

public static class PasswordResetEndpoints
{
    private const string RoutePrefix = "/api/user";

    public static IEndpointRouteBuilder MapPasswordResetEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Password reset");
        group.MapPost("/password-reset-request", RequestReset).WithSummary("Mails a reset link if an account has this address (same answer either way).");
        group.MapPost("/password-reset-confirm", ConfirmReset).WithSummary("Sets a new password with the mailed token; every session ends.");
        return routes;
    }

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> RequestReset(
        HttpContext http, HttpRequest request, AccountMails mails, ResetRequestThrottle throttle, IOptions<AccountOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var rawEmail = body.String("email", maxLength: Emails.MaxLength + 16);
        var email = rawEmail is null ? null : Emails.Normalize(rawEmail);
        if (email is not null && !Emails.IsValid(email))
        {
            body.Fail<string>("Invalid email address", "email");
        }

        if (body.Error is { } error)
        {
            return error;
        }

        var (decision, retryAfter) = throttle.Check(email!, ClientAddress.Of(http));
        if (decision == ResetRequestThrottle.Decision.TooMany)
        {
            return Login.TooManyAttempts(http, retryAfter);
        }

        // The lookup happens in the background: same answer, same time, whether or not the account exists, and
        // whether or not this address has had its mails for now (its last link then stays valid).
        if (decision == ResetRequestThrottle.Decision.Send)
        {
            await mails.QueuePasswordResetAsync(email!, cancellationToken);
        }

        return TypedResults.Ok(new MessageResponse("Password reset email sent"));
    }

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ConfirmReset(
        HttpRequest request,
        IdentityStore store,
        OneTimeTokens tokens,
        Passwords passwords,
        SessionService sessions,
        ActivityLog activity,
        AccountMails mails,
        IOptions<AccountOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var token = body.String("token", maxLength: 256);
        var next = body.String("newPassword");
        // Checked before the token is used up, so a refused password does not cost the user their link.
        if (next is not null && PasswordPolicy.Check(next) is { } weak)
        {
            body.Fail<string>(weak, "newPassword");
        }

        if (body.Error is { } error)
        {
            return error;
        }

        // The token first: a guessed token is refused without spending a password hash on it.
        var record = await tokens.ConsumeAsync(token!, OneTimeTokens.PasswordReset, cancellationToken);
        // A link mailed to an address the account no longer has is void, whatever its age.
        if (record is null || await store.Users.GetAsync(record.UserId, cancellationToken) is not { } owner || owner.Email != record.Email)
        {
            return ErrorResults.BadRequest("Invalid or expired reset token", "token");
        }

        var hash = await passwords.HashAsync(next!, cancellationToken);
        var user = await store.Users.UpdateAsync(record.UserId, u =>
        {
            u.PasswordHash = hash;
            // Following the mailed link proved the address, if it was the current one.
            u.EmailVerified |= u.Email == record.Email;
            u.UpdatedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);
        if (user is null)
        {
            return ErrorResults.BadRequest("Invalid or expired reset token", "token");
        }

        await sessions.RevokeAllAsync(user.Id, cancellationToken);
        await activity.RecordAsync(user.Id, ActivityLog.PasswordReset, null, cancellationToken);
        await mails.QueuePasswordChangedNoticeAsync(user.Email, cancellationToken);
        return TypedResults.Ok(new MessageResponse("Password reset successfully"));
    }
}
