using Microsoft.Extensions.Options;
using Saas.Identity.Features.Mail;
using Saas.Identity.Features.Tokens;

namespace Saas.Identity.Storage;

/// <summary>
/// Makes sure a signing key exists before the server takes requests (<see cref="IHostedLifecycleService.StartingAsync"/>
/// runs before any hosted service starts, Kestrel included; the store initializers registered ahead of this have made
/// the indexes by then).
/// </summary>
internal sealed class IdentityStartup(
    SigningKeyRing keys, IOptions<MailOptions> mail, ILogger<IdentityStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await keys.EnsureActiveKeyAsync(cancellationToken);
        if (!mail.Value.HasTransport)
        {
            logger.LogWarning(
                "No mail transport (Mail:Smtp:Host or RESEND_API_KEY): mails (with their reset and verification links) go to the dev " +
                "mailbox, which logs them and lists them at GET /internal/dev-mailbox. Outside Development identity refuses to start so.");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
