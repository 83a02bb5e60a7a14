namespace Saas.Identity.Features.Mail;

/// <summary>A plain-text mail to one recipient.</summary>
public sealed record MailMessage(string To, string Subject, string Text)
{
    /// <summary>Identifies this attempt to a transport that deduplicates (Resend's <c>Idempotency-Key</c>).</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>Delivers a mail: SMTP, Resend, or the dev mailbox. Throws when the mail was not accepted.</summary>
public interface IMailTransport
{
    Task SendAsync(MailMessage message, CancellationToken cancellationToken);
}
