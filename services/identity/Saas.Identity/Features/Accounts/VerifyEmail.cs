using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Tokens;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Profile;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Accounts;

public static class VerifyEmail
{
    public static async Task<Results<Ok<UserMessageResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request,
        IdentityStore store,
        OneTimeTokens tokens,
        ActivityLog activity,
        EmailChanges emailChanges,
        IOptions<AccountOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var token = body.String("token", maxLength: 256);
        if (body.Error is { } error)
        {
            return error;
        }

        // The link of a pending e-mail change (Identity:RequireVerifiedEmail) lands on the same page as a sign-up's.
        if (await tokens.ConsumeAsync(token!, OneTimeTokens.EmailChange, cancellationToken) is { } change)
        {
            return await emailChanges.ConfirmAsync(change, cancellationToken) is { } changedUser
                ? TypedResults.Ok(new UserMessageResponse("Email verified successfully", UserResponse.From(changedUser)))
                : ErrorResults.BadRequest("Invalid or expired verification token", "token");
        }

        var record = await tokens.ConsumeAsync(token!, OneTimeTokens.EmailVerification, cancellationToken);
        // The token proves one address: after a change of address, only the newer mail's token counts.
        var user = record is null ? null : await store.Users.UpdateAsync(record.UserId, u =>
        {
            if (u.Email != record.Email)
            {
                return false;
            }

            u.EmailVerified = true;
            u.UpdatedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);
        if (user is null || !user.EmailVerified || user.Email != record!.Email)
        {
            return ErrorResults.BadRequest("Invalid or expired verification token", "token");
        }

        await activity.RecordAsync(user.Id, ActivityLog.EmailVerified, new() { ["email"] = user.Email }, cancellationToken);
        return TypedResults.Ok(new UserMessageResponse("Email verified successfully", UserResponse.From(user)));
    }
}
