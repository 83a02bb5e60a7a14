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

    public MailMessage EmailVerification(string to, string token)
    {
        var settings = options.Value;
        return new MailMessage(to, "Confirm your e-mail address",
            $"Confirm that this is your address:\n{settings.Link(settings.VerifyEmailPath, token)}\n\n" +
            "If you did not create an account, ignore this mail.\n");
    }
}
