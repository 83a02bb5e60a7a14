using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Sessions;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Accounts;

public static class Login
{
    /// <summary>The same words for an unknown e-mail and a wrong password: the answer must not reveal which accounts exist.</summary>
    public const string InvalidCredentials = "Invalid email or password";

    public static async Task<Results<Ok<AuthResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext http,
        IdentityStore store,
        Passwords passwords,
        PasswordGuessThrottle throttle,
        SessionService sessions,
        ActivityLog activity,
        IOptions<AccountOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var rawEmail = body.String("email", maxLength: Emails.MaxLength + 16);
        var password = body.String("password");
        if (body.Error is { } error)
        {
            return error;
        }

        var email = Emails.Normalize(rawEmail!);
        var ip = ClientAddress.Of(http);
        // Reserved before the hash, in one step with the check: parallel guesses cannot all pass a check that
        // only counts failures once they are known.
        if (throttle.TryReserve(email, ip) is { } wait)
        {
            return TooManyAttempts(http, wait);
        }

        var user = (await store.Users.FindAsync(u => u.Email == email, cancellationToken: cancellationToken)).FirstOrDefault();
        var result = await passwords.VerifyAsync(user, password!, cancellationToken);
        if (user is null || result == PasswordVerificationResult.Failed)
        {
            return ErrorResults.Unauthorized(InvalidCredentials);
        }

        throttle.RecordSuccess(email, ip);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            var hash = await passwords.HashAsync(password!, cancellationToken);
            user = await store.Users.UpdateAsync(user.Id, u =>
            {
                u.PasswordHash = hash;
                return true;
            }, cancellationToken) ?? user;
        }

        if (options.Value.RequireVerifiedEmail && !user.EmailVerified)
        {
            return ErrorResults.Error(StatusCodes.Status403Forbidden, "Email not verified");
        }

        // The activity entry joins the session's group commit instead of waiting for a disk sync of its own.
        var started = sessions.StartAsync(user, http, cancellationToken);
        await Task.WhenAll(started, activity.RecordAsync(user.Id, ActivityLog.Login, new() { ["ip"] = ip }, cancellationToken));
        var tokens = await started;
        return TypedResults.Ok(new AuthResponse(tokens.Token, tokens.RefreshToken, UserResponse.From(user)));
    }

    /// <summary>429 with <c>Retry-After</c> in whole seconds.</summary>
    public static ProblemHttpResult TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ErrorResults.Error(StatusCodes.Status429TooManyRequests, "Too many attempts. Try again later.");
    }
}
