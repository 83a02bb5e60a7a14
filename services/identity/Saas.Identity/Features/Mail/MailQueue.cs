using System.Threading.Channels;

namespace Saas.Identity.Features.Mail;

/// <summary>
/// Mail is composed and sent off the request: a slow SMTP server cannot slow a request down, and a reset request
/// takes the same time whether or not the account exists (the lookup itself happens here, in the background).
/// In memory: mails queued when the process dies are lost, and the user asks again.
/// </summary>
public sealed class MailQueue(ILogger<MailQueue> logger)
{
    private readonly Channel<ComposeMail> channel = Channel.CreateBounded<ComposeMail>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    internal ChannelReader<ComposeMail> Reader => channel.Reader;

    /// <summary>Queues a mail whose content (or absence: null) is decided when it is sent.</summary>
    public void Enqueue(ComposeMail compose)
    {
        if (!channel.Writer.TryWrite(compose))
        {
            logger.LogError("Mail queue full: a mail was dropped");
        }
    }

    public void Enqueue(MailMessage message) => Enqueue((_, _) => Task.FromResult<MailMessage?>(message));
}

/// <summary>Builds a mail in a fresh service scope; null sends nothing.</summary>
public delegate Task<MailMessage?> ComposeMail(IServiceProvider services, CancellationToken cancellationToken);

/// <summary>Sends what <see cref="MailQueue"/> holds, one at a time.</summary>
public sealed class MailSender(MailQueue queue, IServiceScopeFactory scopes, ILogger<MailSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var compose in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await compose(scope.ServiceProvider, stoppingToken) is { } message)
                {
                    await scope.ServiceProvider.GetRequiredService<IMailTransport>().SendAsync(message, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The mail's text holds a token: log the failure, never the content.
                logger.LogError(ex, "Sending a mail failed");
            }
        }
    }
}
