using Microsoft.Extensions.Options;
using Saas.Identity.Storage;
using Saas.Identity.Features.Tokens;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Organizations;

namespace Saas.Identity.Features.Mail;

/// <summary>
/// Identity's mails: queued durably by the request (<see cref="MailOutbox"/>), composed by <see cref="ComposeAsync"/>
/// when <see cref="MailSender"/> sends them, together with the single-use token their link carries.
/// </summary>
public sealed class AccountMails(MailOutbox outbox, IdentityStore store, OneTimeTokens tokens, MailTemplates templates,
    IOptions<AccountOptions> options, TimeProvider time)
{
    public Task QueueEmailVerificationAsync(string userId, string email, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(new MailJob { Kind = MailKinds.EmailVerification, To = email, UserId = userId }, cancellationToken);

    /// <summary>Tells the previous address that the account's address changed.</summary>
    public Task QueueEmailChangedNoticeAsync(string oldEmail, string newEmail, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(new MailJob { Kind = MailKinds.EmailChanged, To = oldEmail, NewEmail = newEmail }, cancellationToken);

    /// <summary>To an existing account's address when someone registers with it (enumeration-safe sign-up).</summary>
    public Task QueueRegistrationAttemptNoticeAsync(string email, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(new MailJob { Kind = MailKinds.RegistrationAttempt, To = email }, cancellationToken);

    /// <summary>The confirmation link of a pending e-mail change, to the new address (the token is created when the mail is composed).</summary>
    public Task QueueEmailChangeConfirmationAsync(string userId, string newEmail, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(new MailJob { Kind = MailKinds.EmailChangeConfirmation, To = newEmail, UserId = userId }, cancellationToken);

    /// <summary>To an existing account's address when another account asks to move to it (enumeration-safe e-mail change).</summary>
    public Task QueueEmailChangeAttemptNoticeAsync(string email, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(new MailJob { Kind = MailKinds.EmailChangeAttempt, To = email }, cancellationToken);

    /// <summary>Tells the account's address that its password changed.</summary>
    public Task QueuePasswordChangedNoticeAsync(string email, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(new MailJob { Kind = MailKinds.PasswordChanged, To = email }, cancellationToken);

    /// <summary>The account is looked up when the mail is composed: the caller learns nothing, and waits the same either way.</summary>
    public Task QueuePasswordResetAsync(string email, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(new MailJob { Kind = MailKinds.PasswordReset, To = email }, cancellationToken);

    public Task QueueInvitationAsync(string email, string organizationId, string inviteId, string inviterName, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(new MailJob
        {
            Kind = MailKinds.OrganizationInvitation, To = email, OrganizationId = organizationId, InviteId = inviteId, InviterName = inviterName,
        }, cancellationToken);

    /// <summary>The mail <paramref name="job"/> stands for, or null when there is nothing (left) to send.</summary>
    public async Task<MailMessage?> ComposeAsync(MailJob job, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        switch (job.Kind)
        {
            case MailKinds.EmailVerification:
                var user = await store.Users.GetAsync(job.UserId ?? "", cancellationToken);
                if (user is null || user.Email != job.To)
                {
                    return null; // the account is gone, or its address changed since (that change queued its own mail)
                }

                var verification = await tokens.CreateAsync(user.Id, OneTimeTokens.EmailVerification, settings.EmailVerificationTokenLifetime, job.To, cancellationToken);
                return templates.EmailVerification(job.To, verification);

            case MailKinds.EmailChanged:
                return templates.EmailChanged(job.To, job.NewEmail ?? "");

            case MailKinds.EmailChangeConfirmation:
                if (await store.Users.GetAsync(job.UserId ?? "", cancellationToken) is null)
                {
                    return null;
                }

                var change = await tokens.CreateAsync(job.UserId!, OneTimeTokens.EmailChange, settings.EmailVerificationTokenLifetime, job.To, cancellationToken);
                return templates.EmailChangeConfirmation(job.To, change);

            case MailKinds.EmailChangeAttempt:
                return templates.EmailChangeAttempt(job.To);

            case MailKinds.RegistrationAttempt:
                return templates.RegistrationAttempt(job.To);

            case MailKinds.PasswordChanged:
                return templates.PasswordChanged(job.To);

            case MailKinds.PasswordReset:
                var to = job.To;
                var account = (await store.Users.FindAsync(u => u.Email == to, cancellationToken: cancellationToken)).FirstOrDefault();
                if (account is null)
                {
                    return null;
                }

                var reset = await tokens.CreateAsync(account.Id, OneTimeTokens.PasswordReset, settings.PasswordResetTokenLifetime, account.Email, cancellationToken);
                return templates.PasswordReset(account.Email, reset);

            case MailKinds.OrganizationInvitation:
                return await ComposeInvitationAsync(job, cancellationToken);

            default:
                throw new InvalidOperationException($"Unknown mail kind '{job.Kind}'");
        }
    }

    /// <summary>An invitation still pending gets a fresh token (its record points at the invitation); a revoked one gets nothing.</summary>
    private async Task<MailMessage?> ComposeInvitationAsync(MailJob job, CancellationToken cancellationToken)
    {
        var organization = await store.Organizations.GetAsync(job.OrganizationId ?? "", cancellationToken);
        var invite = organization?.Invites.FirstOrDefault(i => i.Id == job.InviteId);
        if (organization is null || organization.Deleted || invite is null || !invite.IsPending(time.GetUtcNow()))
        {
            return null;
        }

        var token = OneTimeTokens.NewToken();
        await store.InviteTokens.InsertAsync(new InviteToken
        {
            Id = OneTimeTokens.Hash(token), OrganizationId = organization.Id, InviteId = invite.Id, PurgeAt = invite.ExpiresAt + OrganizationInvite.KeptFor,
        }, cancellationToken);
        return templates.OrganizationInvitation(invite.Email, token, organization.Name, job.InviterName ?? "A member", invite.Role);
    }
}
