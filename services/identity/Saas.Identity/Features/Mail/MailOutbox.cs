using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Messaging;
using Saas.Identity.Storage;

namespace Saas.Identity.Features.Mail;

/// <summary>
/// Mails are written to the store before the request is answered and sent by <see cref="MailSender"/> in the
/// background: a slow or failing transport cannot slow a request down or lose a mail, a crash or restart resumes
/// where it stopped, and a reset request takes the same time whether or not the account exists.
/// </summary>
public sealed class MailOutbox(IdentityStore store, IOptions<MailOptions> options, TimeProvider time, ILogger<MailOutbox> logger)
{
    internal WakeUpSignal WakeUp { get; } = new();

    /// <summary>
    /// Stores <paramref name="job"/> unless its recipient already has <see cref="MailDeliveryOptions.MaxPendingPerRecipient"/>
    /// mails waiting: one flooded address then loses its own surplus, never anyone else's mail.
    /// </summary>
    public async Task EnqueueAsync(MailJob job, CancellationToken cancellationToken)
    {
        var to = job.To;
        var waiting = await store.Mails.CountAsync(m => m.To == to && m.Status == MailJobStatus.Pending, cancellationToken);
        if (waiting >= options.Value.Delivery.MaxPendingPerRecipient)
        {
            logger.LogWarning("Mail outbox: {Kind} mail dropped, its recipient already has {Waiting} mails waiting", job.Kind, waiting);
            return;
        }

        var now = time.GetUtcNow();
        job.CreatedAt = now;
        job.NextAttemptAt = now;
        job.Status = MailJobStatus.Pending;
        await store.Mails.InsertAsync(job, cancellationToken);
        WakeUp.Signal();
    }
}
