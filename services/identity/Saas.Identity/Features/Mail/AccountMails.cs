using Microsoft.Extensions.Options;
using Saas.Identity.Common;
using Saas.Identity.Features.Accounts;

namespace Saas.Identity.Features.Mail;

/// <summary>Queues identity's mails; tokens are created in the background together with the mail that carries them.</summary>
public sealed class AccountMails(MailQueue queue)
{
    public void QueueEmailVerification(string userId, string email) => queue.Enqueue(async (services, cancellationToken) =>
    {
        var options = services.GetRequiredService<IOptions<AccountOptions>>().Value;
        var token = await services.GetRequiredService<OneTimeTokens>()
            .CreateAsync(userId, OneTimeTokens.EmailVerification, options.EmailVerificationTokenLifetime, email, cancellationToken);
        return services.GetRequiredService<MailTemplates>().EmailVerification(email, token);
    });

    /// <summary>Tells the previous address that the account's address changed.</summary>
    public void QueueEmailChangedNotice(string oldEmail, string newEmail) => queue.Enqueue((services, _) =>
        Task.FromResult<MailMessage?>(services.GetRequiredService<MailTemplates>().EmailChanged(oldEmail, newEmail)));

    /// <summary>To an existing account's address when someone registers with it (enumeration-safe sign-up).</summary>
    public void QueueRegistrationAttemptNotice(string email) => queue.Enqueue((services, _) =>
        Task.FromResult<MailMessage?>(services.GetRequiredService<MailTemplates>().RegistrationAttempt(email)));

    /// <summary>Tells the account's address that its password changed.</summary>
    public void QueuePasswordChangedNotice(string email) => queue.Enqueue((services, _) =>
        Task.FromResult<MailMessage?>(services.GetRequiredService<MailTemplates>().PasswordChanged(email)));

    /// <summary>Looks the address up in the background and mails only when an account has it (the caller learns nothing).</summary>
    public void QueuePasswordReset(string email) => queue.Enqueue(async (services, cancellationToken) =>
    {
        var store = services.GetRequiredService<IdentityStore>();
        var user = (await store.Users.FindAsync(u => u.Email == email, cancellationToken: cancellationToken)).FirstOrDefault();
        if (user is null)
        {
            return null;
        }

        var options = services.GetRequiredService<IOptions<AccountOptions>>().Value;
        var token = await services.GetRequiredService<OneTimeTokens>()
            .CreateAsync(user.Id, OneTimeTokens.PasswordReset, options.PasswordResetTokenLifetime, user.Email, cancellationToken);
        return services.GetRequiredService<MailTemplates>().PasswordReset(user.Email, token);
    });
}
