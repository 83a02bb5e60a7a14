using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Messaging;
using Saas.Identity.Storage;
using Saas.Storage;

namespace Saas.Identity.Features.Mail;

/// <summary>
/// Sends the outbox, oldest due first. A sender claims a mail before sending it (a compare-and-swap on the document),
/// so replicas never send the same mail together, and a sender that dies mid-send leaves the mail to be taken over
/// when its claim runs out. A failure is retried with backoff; after <see cref="MailDeliveryOptions.MaxAttempts"/> the
/// mail is kept as <c>failed</c> and logged as an error.
/// </summary>
public sealed class MailSender(
    MailOutbox outbox, IdentityStore store, IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider time,
    ILogger<MailSender> logger) : BackgroundService
{
    private const int BatchSize = 50;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        outbox.WakeUp.RunAsync(SendDueAsync, () => options.Value.Delivery.PollInterval,
            ex => logger.LogError(ex, "Mail outbox: reading the outbox failed"), stoppingToken);

    private async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await store.Mails.FindAsync(
            m => m.Status == MailJobStatus.Pending && m.NextAttemptAt <= now,
            new QueryOptions<MailJob> { SortBy = [new(m => m.NextAttemptAt), new(m => m.Id)], Take = BatchSize },
            cancellationToken);
        foreach (var job in due)
        {
            if (await ClaimAsync(job, cancellationToken))
            {
                await SendAsync(job, cancellationToken);
            }
        }
    }

    private async Task<bool> ClaimAsync(MailJob job, CancellationToken cancellationToken)
    {
        job.Attempts++;
        job.NextAttemptAt = time.GetUtcNow() + options.Value.Delivery.ClaimTimeout;
        try
        {
            await store.Mails.ReplaceAsync(job, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            return false; // another sender took it first
        }
    }

    private async Task SendAsync(MailJob job, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var message = await scope.ServiceProvider.GetRequiredService<AccountMails>().ComposeAsync(job, cancellationToken);
            if (message is not null)
            {
                // One key per attempt: a retry inside the HTTP pipeline is the same request, a later attempt carries a new token.
                await scope.ServiceProvider.GetRequiredService<IMailTransport>()
                    .SendAsync(message with { IdempotencyKey = $"{job.Id}-{job.Attempts}" }, cancellationToken);
            }

            await store.Mails.DeleteAsync(job.Id, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await RecordFailureAsync(job, ex, cancellationToken);
        }
    }

    private async Task RecordFailureAsync(MailJob job, Exception failure, CancellationToken cancellationToken)
    {
        var delivery = options.Value.Delivery;
        var now = time.GetUtcNow();
        // The transport's error only: the mail's text holds a token.
        job.LastError = failure.GetBaseException().Message;
        if (job.Attempts >= delivery.MaxAttempts)
        {
            job.Status = MailJobStatus.Failed;
            job.FailedAt = now;
            logger.LogError("Mail outbox: {Kind} mail {MailId} given up after {Attempts} attempts: {Reason}",
                job.Kind, job.Id, job.Attempts, job.LastError);
        }
        else
        {
            var delay = TimeSpan.FromTicks(Math.Min(delivery.MaxRetryDelay.Ticks, delivery.RetryDelay.Ticks * (1L << Math.Min(job.Attempts - 1, 30))));
            job.NextAttemptAt = now + delay;
            logger.LogWarning("Mail outbox: sending {Kind} mail {MailId} failed (attempt {Attempts} of {MaxAttempts}: {Reason}); retrying at {NextAttemptAt:o}",
                job.Kind, job.Id, job.Attempts, delivery.MaxAttempts, job.LastError, job.NextAttemptAt);
        }

        try
        {
            await store.Mails.ReplaceAsync(job, cancellationToken);
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            // Our claim ran out and another sender has the mail now: its record wins.
        }
    }
}
