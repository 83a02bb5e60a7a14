using Microsoft.Extensions.Options;
using Saas.Identity.Features.Accounts;

namespace Saas.Identity.Features.Mail;

/// <summary>The mails identity sends, with links into the front end (<c>Identity:PublicUrl</c>).</summary>
public sealed class MailTemplates(IOptions<AccountOptions> options)
{
    public MailMessage PasswordReset(string to, string token)
    {
        var settings = options.Value;
        var minutes = (int)settings.PasswordResetTokenLifetime.TotalMinutes;
        return new MailMessage(to, "Reset your password",
            $"Someone asked to reset the password of your account.\n\n" +
            $"Choose a new password here (the link works once, for {minutes} minutes):\n{settings.Link(settings.ResetPasswordPath, token)}\n\n" +
            "If it was not you, ignore this mail: your password stays as it is.\n");
    }

    /// <summary>An invitation to an organization; the link works for the invited address only.</summary>
    public MailMessage OrganizationInvitation(string to, string token, string organizationName, string inviter, string role)
    {
        var settings = options.Value;
        var days = (int)Math.Round(settings.InvitationLifetime.TotalDays);
        return new MailMessage(to, $"You are invited to join {organizationName}",
            $"{inviter} invited you to join {organizationName} as {role}.\n\n" +
            $"Accept here (sign in, or create an account, with this address; the link works once, for {days} days):\n" +
            $"{settings.Link(settings.InvitePath, token)}\n\n" +
            "If you did not expect this invitation, ignore this mail.\n");
    }

    /// <summary>To the old address after an e-mail change: the owner learns of a takeover while they can still act.</summary>
    public MailMessage EmailChanged(string to, string newEmail) =>
        new(to, "Your e-mail address was changed",
            $"The e-mail address of your account was changed to {newEmail}.\n\n" +
            "If it was not you, your account may be in someone else's hands: contact support right away.\n");

    /// <summary>Someone signed up with an address that already has an account: tell its owner, not the visitor.</summary>
    public MailMessage RegistrationAttempt(string to)
    {
        var settings = options.Value;
        return new MailMessage(to, "You already have an account",
            "Someone tried to create an account with this address, which already has one.\n\n" +
            $"If it was you, sign in instead, or reset your password here:\n{new Uri(settings.PublicBaseUri, settings.ResetPasswordPath.TrimStart('/'))}\n\n" +
            "If it was not you, ignore this mail: nothing was changed.\n");
    }

    /// <summary>After a password change or reset: the owner learns of it while they can still act.</summary>
    public MailMessage PasswordChanged(string to) =>
        new(to, "Your password was changed",
            "The password of your account was just changed, and every other signed-in device was signed out.\n\n" +
            "If it was not you, reset your password now and contact support.\n");

    /// <summary>To the new address of a pending e-mail change (<c>Identity:RequireVerifiedEmail</c>): the change happens once it is confirmed.</summary>
    public MailMessage EmailChangeConfirmation(string to, string token)
    {
        var settings = options.Value;
        return new MailMessage(to, "Confirm your new e-mail address",
            $"Someone asked to use this address for their account. Confirm that it is yours to finish the change:\n" +
            $"{settings.Link(settings.VerifyEmailPath, token)}\n\n" +
            "If it was not you, ignore this mail: nothing changes until the link is used.\n");
    }

    /// <summary>Someone asked to move another account to an address that has one already: tell its owner, not the asker.</summary>
    public MailMessage EmailChangeAttempt(string to) =>
        new(to, "Someone tried to use your e-mail address",
            "Someone asked to change the e-mail address of another account to this address, which already has an account.\n\n" +
            "Nothing was changed, and your account is as it was. If it was you, sign in with this address instead.\n");

    public MailMessage EmailVerification(string to, string token)
    {
        var settings = options.Value;
        return new MailMessage(to, "Confirm your e-mail address",
            $"Confirm that this is your address:\n{settings.Link(settings.VerifyEmailPath, token)}\n\n" +
            "If you did not create an account, ignore this mail.\n");
    }
}
