using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Profile;

public static class UpdateProfile
{
    public static async Task<Results<Ok<UserMessageResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request,
        ClaimsPrincipal principal,
        IdentityStore store,
        Passwords passwords,
        PasswordGuessThrottle throttle,
        ActivityLog activity,
        EmailChanges emailChanges,
        IOptions<AccountOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var name = body.String("name", required: false, maxLength: Register.MaxNameLength)?.Trim();
        var rawEmail = body.String("email", required: false, maxLength: Emails.MaxLength + 16);
        var email = rawEmail is null ? null : Emails.Normalize(rawEmail);
        if (email is not null && !Emails.IsValid(email))
        {
            body.Fail<string>("Invalid email address", "email");
        }

        var currentPassword = body.String("currentPassword", required: false);
        if (body.Error is { } error)
        {
            return error;
        }

        // A new address takes over password resets: only someone who knows the password may set it, never a staff
        // member acting as the user, and the old address hears of it.
        if (email is not null && await store.Users.GetAsync(principal.GetUserId()!, cancellationToken) is { } current && email != current.Email)
        {
            if (principal.HasClaim(c => c.Type == SaasClaims.Actor))
            {
                return ErrorResults.Error(StatusCodes.Status403Forbidden, "The email cannot be changed while impersonating", "email");
            }

            if (string.IsNullOrEmpty(currentPassword))
            {
                return ErrorResults.BadRequest("Current password is required to change the email", "currentPassword");
            }

            if (await PasswordCheck.VerifyAsync(request.HttpContext, current, currentPassword, "currentPassword", passwords, throttle, cancellationToken) is { } refused)
            {
                return refused;
            }
        }

        // Identity:RequireVerifiedEmail: the address changes once the new one is confirmed; the answer is the same whether
        // it is free or taken (enumeration-safe, like register). Otherwise seed 000's immediate change, 409 if taken.
        var confirmFirst = options.Value.RequireVerifiedEmail;
        string? requestedEmail = null;
        string? oldEmail = null;
        var changed = new List<string>();
        User? user;
        try
        {
            user = await store.Users.UpdateAsync(principal.GetUserId()!, u =>
            {
                changed.Clear();
                requestedEmail = null;
                oldEmail = u.Email;
                if (name is not null && name != u.Name)
                {
                    u.Name = name.Length == 0 ? null : name;
                    changed.Add("name");
                }

                if (email is not null && email != u.Email && confirmFirst)
                {
                    requestedEmail = email;
                }
                else if (email is not null && email != u.Email)
                {
                    u.Email = email;
                    u.EmailVerified = false;
                    changed.Add("email");
                }

                u.UpdatedAt = time.GetUtcNow();
                return changed.Count > 0;
            }, cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            return ErrorResults.Error(StatusCodes.Status409Conflict, "Email already registered", "email");
        }

        if (user is null)
        {
            return Me.UserNotFound();
        }

        if (requestedEmail is not null)
        {
            await emailChanges.RequestAsync(user, requestedEmail, cancellationToken);
        }

        if (changed.Contains("email"))
        {
            await emailChanges.AnnounceAsync(user, oldEmail!, verifyNewAddress: true, cancellationToken);
        }

        if (changed.Count > 0)
        {
            await activity.RecordAsync(user.Id, ActivityLog.ProfileUpdated, new() { ["fields"] = changed.ToArray() }, cancellationToken);
        }

        return TypedResults.Ok(new UserMessageResponse("Profile updated successfully", UserResponse.From(user)));
    }
}
