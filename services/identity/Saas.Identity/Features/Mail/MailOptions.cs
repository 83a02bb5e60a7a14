using System.ComponentModel.DataAnnotations;

namespace Saas.Identity.Features.Mail;

/// <summary>
/// Outgoing mail (section <c>Mail</c>). With <c>Mail:Smtp:Host</c> set, mail goes out over SMTP; with
/// <c>Mail:Resend:ApiKey</c> (saasbackend's <c>RESEND_API_KEY</c>), through Resend's HTTP API. Without either, into the
/// dev mailbox (logged, and listed at <c>GET /internal/dev-mailbox</c>) — in Development only, or where
/// <c>Mail:AllowDevMailbox</c> says so explicitly: elsewhere identity refuses to start (see <see cref="MailRegistration"/>).
/// </summary>
public sealed class MailOptions : IValidatableObject
{
    public const string SectionName = "Mail";

    /// <summary>The sender, e.g. <c>Saas &lt;no-reply@example.com&gt;</c>; falls back to <c>Mail:Smtp:From</c>.</summary>
    public string? From { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public ResendOptions Resend { get; set; } = new();

    public MailDeliveryOptions Delivery { get; set; } = new();

    /// <summary>Lets the dev mailbox stand in for a transport outside Development (tests, benchmarks); never in production.</summary>
    public bool AllowDevMailbox { get; set; }

    /// <summary>Mails kept by the dev mailbox (the oldest are dropped).</summary>
    [Range(1, 10_000)]
    public int DevMailboxCapacity { get; set; } = 200;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    public bool UsesResend => !string.IsNullOrWhiteSpace(Resend.ApiKey);

    /// <summary>True when mail really leaves the process (SMTP or Resend).</summary>
    public bool HasTransport => UsesSmtp || UsesResend;

    public string Sender => string.IsNullOrWhiteSpace(From) ? Smtp.From : From;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var key = string.IsNullOrWhiteSpace(From) ? "Smtp:From" : "From";
        if (!MimeKit.MailboxAddress.TryParse(Sender, out var sender) || !sender.Address.Contains('@'))
        {
            yield return new ValidationResult("must be an e-mail address, optionally with a name", [key]);
        }

        if (UsesSmtp && UsesResend)
        {
            yield return new ValidationResult(
                "set one mail transport: Mail:Smtp:Host (SMTP) or Mail:Resend:ApiKey (RESEND_API_KEY), not both", ["Resend:ApiKey"]);
        }

        if (UsesSmtp && Smtp.Port is < 1 or > 65535)
        {
            yield return new ValidationResult("must be between 1 and 65535", ["Smtp:Port"]);
        }

        if (UsesSmtp && !string.IsNullOrEmpty(Smtp.Username) && string.IsNullOrEmpty(Smtp.Password))
        {
            yield return new ValidationResult("is required when Mail:Smtp:Username is set", ["Smtp:Password"]);
        }

        if (!Uri.TryCreate(Resend.BaseUrl, UriKind.Absolute, out var resend) || resend.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("must be an absolute http(s) URL", ["Resend:BaseUrl"]);
        }

        foreach (var result in Delivery.Validate())
        {
            yield return result;
        }
    }
}

public sealed class SmtpOptions
{
    /// <summary>The sender when <c>Mail:From</c> is not set (the key this setting had first).</summary>
    public string From { get; set; } = "Saas <no-reply@localhost>";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>TLS: implicit on port 465, STARTTLS (required) on any other port. Off only for a local relay or test server.</summary>
    public bool UseTls { get; set; } = true;

    public string? Username { get; set; }

    public string? Password { get; set; }
}

/// <summary>Resend's HTTP API (<c>POST {BaseUrl}/emails</c>).</summary>
public sealed class ResendOptions
{
    /// <summary>The API key (<c>re_…</c>); saasbackend's <c>RESEND_API_KEY</c>. Sent as a bearer token, never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Resend's API, or a local fake in tests.</summary>
    public string BaseUrl { get; set; } = "https://api.resend.com";
}

/// <summary>The durable outbox's retries (section <c>Mail:Delivery</c>).</summary>
public sealed class MailDeliveryOptions
{
    /// <summary>Attempts per mail before it is given up (kept as <c>failed</c>, logged, listed at <c>/internal/mail-outbox</c>).</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Wait after the first failure; doubled after each further one up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a sender owns a mail it took: another replica (or this one after a crash) takes it over after that.
    /// Longer than any send can last (the Resend client gives up after 30 s; SMTP after its timeouts).
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the outbox is looked at for retries and mails left by another run (new mails wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Unsent mails one address may have waiting; further ones to it are dropped (logged), nobody else's are.</summary>
    public int MaxPendingPerRecipient { get; set; } = 20;

    internal IEnumerable<ValidationResult> Validate()
    {
        if (MaxAttempts is < 1 or > 100)
        {
            yield return new ValidationResult("must be between 1 and 100", ["Delivery:MaxAttempts"]);
        }

        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            yield return new ValidationResult("must be positive and at most Mail:Delivery:MaxRetryDelay", ["Delivery:RetryDelay"]);
        }

        if (ClaimTimeout < TimeSpan.FromSeconds(1) || PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("ClaimTimeout must be at least 1 s and PollInterval between 0 and 5 min", ["Delivery"]);
        }

        if (MaxPendingPerRecipient is < 1 or > 10_000)
        {
            yield return new ValidationResult("must be between 1 and 10000", ["Delivery:MaxPendingPerRecipient"]);
        }
    }
}
