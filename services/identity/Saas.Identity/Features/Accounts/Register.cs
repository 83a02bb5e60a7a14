using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Contracts.Identity;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Mail;
using Saas.Identity.Features.Notifications;
using Saas.Identity.Features.Sessions;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Messaging;
using Saas.Storage;
using Saas.Identity.Http;
using Saas.Identity.Storage;

namespace Saas.Identity.Features.Accounts;

public static partial class Register
{
    public const int MaxNameLength = 100;

    public static async Task<Results<Created<AuthResponse>, Created<UserMessageResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext http,
        IdentityStore store,
        Passwords passwords,
        SessionService sessions,
        Notifier notifier,
        AccountMails mails,
        MessageOutbox outbox,
        IOptions<AccountOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var rawEmail = body.String("email", maxLength: Emails.MaxLength + 16);
        var password = body.String("password");
        var name = body.String("name", required: false, maxLength: MaxNameLength)?.Trim();
        var email = rawEmail is null ? null : Emails.Normalize(rawEmail);
        if (email is not null && !Emails.IsValid(email))
        {
            body.Fail<string>("Invalid email address", "email");
        }

        if (password is not null && PasswordPolicy.Check(password) is { } weak)
        {
            body.Fail<string>(weak, "password");
        }

        if (body.Error is { } error)
        {
            return error;
        }

        var now = time.GetUtcNow();
        var user = new User
        {
            // Chosen here, as the store would: the enumeration-safe answer for a taken address needs an id too.
            Id = MongoDB.Bson.ObjectId.GenerateNewId().ToString(),
            Email = email!,
            Name = string.IsNullOrEmpty(name) ? null : name,
            PasswordHash = await passwords.HashAsync(password!, cancellationToken),
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await store.Users.InsertAsync(user, cancellationToken);
        }
        catch (DuplicateKeyException) when (options.Value.RequireVerifiedEmail)
        {
            // Enumeration-safe (ASVS 5.0 V6.3): the same answer as a new sign-up, an account that is never stored, and
            // a mail to the owner instead of the confirmation link. Only possible when sign-up returns no tokens.
            await mails.QueueRegistrationAttemptNoticeAsync(user.Email, cancellationToken);
            return TypedResults.Created((string?)null, new UserMessageResponse(
                "Registration successful. Check your email to verify your address.", UserResponse.From(user)));
        }
        catch (DuplicateKeyException)
        {
            // saasbackend's behaviour (seed 000): register signs the new user in at once, so its answer tells a new
            // address from a taken one whatever the status; Identity:RequireVerifiedEmail turns on the safe variant.
            return ErrorResults.Error(StatusCodes.Status409Conflict, "Email already registered", "email");
        }

        await outbox.EnqueueAsync(new UserRegistered
        {
            EventId = Guid.NewGuid(), OccurredAt = now, UserId = user.Id, Email = user.Email, Name = user.Name,
        }, user.Id, cancellationToken);
        // One line inside the request, so operators can find a sign-up by its trace id (the address stays out).
        LogRegistered(loggers.CreateLogger(typeof(Register).FullName!), user.Id);
        await mails.QueueEmailVerificationAsync(user.Id, user.Email, cancellationToken);
        await notifier.AddAsync(user.Id, "info", "Welcome!", "Thanks for signing up", cancellationToken);

        if (options.Value.RequireVerifiedEmail)
        {
            // No tokens until the address is confirmed: that is what requiring verification means.
            return TypedResults.Created((string?)null, new UserMessageResponse(
                "Registration successful. Check your email to verify your address.", UserResponse.From(user)));
        }

        var tokens = await sessions.StartAsync(user, http, cancellationToken);
        return TypedResults.Created((string?)null, new AuthResponse(tokens.Token, tokens.RefreshToken, UserResponse.From(user)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered user {UserId}")]
    private static partial void LogRegistered(ILogger logger, string userId);
}
