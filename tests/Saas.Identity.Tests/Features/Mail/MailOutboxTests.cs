using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saas.Identity.Features.Mail;
using Saas.Identity.Tests.Features.Accounts;

namespace Saas.Identity.Tests.Features.Mail;

public sealed class MailOutboxTests
{
    [Fact]
    public async Task PasswordReset_WhenTheProcessStopsMidSend_ShouldBeSentByTheNextStartOnTheSameData()
    {
        var stuck = new StuckTransport();
        var first = new IdentityApp().With("Mail:Delivery:ClaimTimeout", "00:00:01").With("Mail:Delivery:PollInterval", "00:00:00.050")
            .WithServices(s => s.Replace(ServiceDescriptor.Scoped<IMailTransport>(_ => stuck)));
        var client = first.CreateClient();
        var account = await client.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/user/password-reset-request", new { email = account.Email })).StatusCode);
        // The sender has taken the reset mail and is inside the transport when the process goes away.
        await stuck.WaitForAsync("Reset your password");
        await using var second = IdentityApp.OnDataOf(first).With("Mail:Delivery:ClaimTimeout", "00:00:01").With("Mail:Delivery:PollInterval", "00:00:00.050");
        await first.DisposeAsync();

        var restarted = second.CreateClient();
        var mail = await second.WaitForMailAsync(account.Email, "Reset your password", TimeSpan.FromSeconds(20));

        Assert.NotNull(mail);
        var reset = await restarted.PostAsJsonAsync("/api/user/password-reset-confirm", new { token = LoginTests.TokenIn(mail.Text), newPassword = "after-restart-password" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await Eventually.TrueAsync(async () => await second.Store.Mails.CountAsync() == 0);
    }

    [Fact]
    public async Task Enqueue_WhenOneRecipientFloodsTheOutbox_ShouldCapThatRecipientAndStillDeliverEveryoneElse()
    {
        var gate = new GatedTransport();
        await using var app = new IdentityApp().With("Mail:Delivery:MaxPendingPerRecipient", "5")
            .WithServices(s => s.Replace(ServiceDescriptor.Scoped<IMailTransport>(_ => gate)));
        app.CreateClient();
        var outbox = app.Services.GetRequiredService<MailOutbox>();

        for (var i = 0; i < 50; i++)
        {
            await outbox.EnqueueAsync(new MailJob { Kind = MailKinds.EmailChanged, To = "flood@example.com", NewEmail = $"n{i}@example.com" }, default);
        }

        await outbox.EnqueueAsync(new MailJob { Kind = MailKinds.EmailChanged, To = "bystander@example.com", NewEmail = "b@example.com" }, default);
        gate.Open();

        await Eventually.TrueAsync(() => Task.FromResult(gate.Sent.Any(m => m.To == "bystander@example.com")));
        await Eventually.TrueAsync(async () => await app.Store.Mails.CountAsync() == 0);
        Assert.Equal(5, gate.Sent.Count(m => m.To == "flood@example.com"));
    }

    /// <summary>Never finishes sending a reset mail: it stays claimed, as when the process dies inside the transport.</summary>
    private sealed class StuckTransport : IMailTransport
    {
        private readonly TaskCompletionSource<MailMessage> entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
        {
            if (!message.Subject.Contains("Reset", StringComparison.Ordinal))
            {
                return; // the sign-up's verification mail goes through
            }

            entered.TrySetResult(message);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public async Task WaitForAsync(string subject) =>
            Assert.Equal(subject, (await entered.Task.WaitAsync(TimeSpan.FromSeconds(20))).Subject);
    }

    /// <summary>Holds every send until opened, then records what it sends.</summary>
    private sealed class GatedTransport : IMailTransport
    {
        private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<MailMessage> sent = new();

        public IReadOnlyList<MailMessage> Sent => [.. sent];

        public void Open() => open.TrySetResult();

        public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
        {
            await open.Task.WaitAsync(cancellationToken);
            sent.Enqueue(message);
        }
    }
}
