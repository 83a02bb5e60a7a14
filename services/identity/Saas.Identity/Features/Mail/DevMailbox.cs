using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Saas.Identity.Features.Mail;

/// <summary>
/// Where mail goes when no transport (SMTP, Resend) is configured (local runs, tests): kept in memory for
/// <c>GET /internal/dev-mailbox</c> and written to the log. The log line holds the mail's links, tokens included:
/// that is its purpose (an operator can follow a reset link), and why it is only used without a transport, in Development or where explicitly allowed.
/// </summary>
public sealed class DevMailbox(IOptions<MailOptions> options, TimeProvider time, ILogger<DevMailbox> logger) : IMailTransport
{
    private readonly ConcurrentQueue<DevMail> mails = new();

    public IReadOnlyList<DevMail> Messages => [.. mails.Reverse()];

    public Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        mails.Enqueue(new DevMail(message.To, message.Subject, message.Text, time.GetUtcNow()));
        while (mails.Count > options.Value.DevMailboxCapacity && mails.TryDequeue(out _))
        {
        }

        logger.LogInformation("Dev mailbox (no mail transport configured): mail to {To}, \"{Subject}\":\n{Text}", message.To, message.Subject, message.Text);
        return Task.CompletedTask;
    }
}

public sealed record DevMail(string To, string Subject, string Text, DateTimeOffset SentAt);
