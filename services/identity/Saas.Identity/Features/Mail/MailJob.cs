using Saas.Storage;

namespace Saas.Identity.Features.Mail;

/// <summary>
/// A mail waiting in the outbox (collection <c>mail_outbox</c>). It holds what the mail is about, not its text: links
/// carry single-use tokens, which the store keeps only as hashes, so the text is composed (and its token made) when
/// the mail is sent.
/// </summary>
public sealed class MailJob : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    /// <summary>One of <see cref="MailKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The recipient's address (normalised).</summary>
    public string To { get; set; } = "";

    public string? UserId { get; set; }

    /// <summary>E-mail change notice: the new address.</summary>
    public string? NewEmail { get; set; }

    public string? OrganizationId { get; set; }

    public string? InviteId { get; set; }

    public string? InviterName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary><c>pending</c> until sent (then deleted), or <c>failed</c> once given up.</summary>
    public string Status { get; set; } = MailJobStatus.Pending;

    /// <summary>Attempts started (counted when a sender takes the mail, so one killed mid-send counts too).</summary>
    public int Attempts { get; set; }

    /// <summary>When the mail is due, or when a sender's claim on it runs out.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Why the last attempt failed (the transport's error, never the mail's text).</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? FailedAt { get; set; }
}

public static class MailJobStatus
{
    public const string Pending = "pending";
    public const string Failed = "failed";
}

public static class MailKinds
{
    public const string EmailVerification = "email-verification";
    public const string EmailChanged = "email-changed";
    public const string PasswordReset = "password-reset";
    public const string OrganizationInvitation = "organization-invitation";
    public const string RegistrationAttempt = "registration-attempt";
    public const string PasswordChanged = "password-changed";
    public const string EmailChangeConfirmation = "email-change-confirmation";
    public const string EmailChangeAttempt = "email-change-attempt";
}
