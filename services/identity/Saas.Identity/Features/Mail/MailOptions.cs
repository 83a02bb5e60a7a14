using System.ComponentModel.DataAnnotations;

namespace Saas.Identity.Features.Mail;

/// <summary>
/// Outgoing mail (section <c>Mail</c>). With <c>Mail:Smtp:Host</c> set, mail goes out over SMTP; without it,
/// into the dev mailbox (logged, and listed at <c>GET /internal/dev-mailbox</c>).
/// </summary>
public sealed class MailOptions : IValidatableObject
{
    public const string SectionName = "Mail";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Mails kept by the dev mailbox (the oldest are dropped).</summary>
    [Range(1, 10_000)]
    public int DevMailboxCapacity { get; set; } = 200;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MimeKit.MailboxAddress.TryParse(Smtp.From, out var sender) || !sender.Address.Contains('@'))
        {
            yield return new ValidationResult("must be an e-mail address, optionally with a name", ["Smtp:From"]);
        }

        if (UsesSmtp && Smtp.Port is < 1 or > 65535)
        {
            yield return new ValidationResult("must be between 1 and 65535", ["Smtp:Port"]);
        }

        if (UsesSmtp && !string.IsNullOrEmpty(Smtp.Username) && string.IsNullOrEmpty(Smtp.Password))
        {
            yield return new ValidationResult("is required when Mail:Smtp:Username is set", ["Smtp:Password"]);
        }
    }
}

public sealed class SmtpOptions
{
    /// <summary>The sender, e.g. <c>Saas &lt;no-reply@example.com&gt;</c>.</summary>
    public string From { get; set; } = "Saas <no-reply@localhost>";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>TLS: implicit on port 465, STARTTLS (required) on any other port. Off only for a local relay or test server.</summary>
    public bool UseTls { get; set; } = true;

    public string? Username { get; set; }

    public string? Password { get; set; }
}
