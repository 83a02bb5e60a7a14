namespace Saas.Identity.Features.Mail;

/// <summary>A plain-text mail to one recipient.</summary>
public sealed record MailMessage(string To, string Subject, string Text);

/// <summary>Delivers a mail: SMTP, or the dev mailbox.</summary>
public interface IMailTransport
{
    Task SendAsync(MailMessage message, CancellationToken cancellationToken);
}
