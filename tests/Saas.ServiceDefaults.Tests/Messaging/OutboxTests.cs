using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saas.ServiceDefaults.Messaging;
using Saas.Storage;
using Saas.Testing;

namespace Saas.ServiceDefaults.Tests.Messaging;

/// <summary>
/// The outbox and the in-document relay on a real SQLite file and a real RabbitMQ node: an event written with a change
/// reaches the consumer after the process that wrote it died before publishing, and the consumer runs it once.
/// A "process that died" is a container over the same data file, disposed without ever publishing.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class OutboxTests(RabbitMqFixture rabbit)
{
    private const string StoreName = "outbox-tests";
    private const string Accounts = "accounts";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Outbox_WhenTheWriterDiedBeforePublishing_ShouldPublishTheEventOnceWhenTheServiceIsBack()
    {
        using var data = new TempDirectory("saas-outbox");
        var message = Probe("written, then the process died");
        await using (var dead = DeadWriter(data.Path))
        {
            await new MessageOutbox(dead.GetRequiredService<IDocumentStore>(), TimeProvider.System).EnqueueAsync(message, "account-1", default);
        }

        await using var app = await StartServiceAsync(data.Path);
        var probe = app.Services.GetRequiredService<ConsumerProbe>();
        var outbox = app.Services.GetRequiredService<MessageOutbox>();

        await WaitUntilAsync(async () => probe.AttemptsFor(message.EventId) == 1 && await outbox.Messages.CountAsync() == 0);
        Assert.Equal(1, probe.DeliveriesOf(message.EventId));
    }

    [Fact]
    public async Task Outbox_WhenTheProcessDiedBetweenPublishAndDelete_ShouldHaveTheConsumerRunTheEventOnce()
    {
        using var data = new TempDirectory("saas-outbox");
        var message = Probe("published, then the process died before deleting it");
        await using (var first = await StartServiceAsync(data.Path, withOutbox: false))
        {
            // What the dispatcher had done when it died: stored, published, not yet deleted.
            await new MessageOutbox(first.Services.GetRequiredService<IDocumentStore>(), TimeProvider.System).EnqueueAsync(message, null, default);
            // Off this test's flow: MassTransit keeps its log context in an async local, which would outlive this app.
            await Task.Run(() => first.Services.GetRequiredService<IBus>().Publish(message));
            var firstProbe = first.Services.GetRequiredService<ConsumerProbe>();
            await WaitUntilAsync(() => Task.FromResult(firstProbe.AttemptsFor(message.EventId) == 1));
        }

        await using var app = await StartServiceAsync(data.Path);
        var probe = app.Services.GetRequiredService<ConsumerProbe>();
        var outbox = app.Services.GetRequiredService<MessageOutbox>();

        // Published a second time, and the inbox knows the event id: the work does not run again.
        await WaitUntilAsync(async () => probe.DeliveriesOf(message.EventId) == 1 && await outbox.Messages.CountAsync() == 0);
        Assert.Equal(0, probe.AttemptsFor(message.EventId));
    }

    [Fact]
    public async Task Dispatch_WhenAnEarlierEventOfTheSameKeyWaitsForARetry_ShouldPublishItsLaterOneOnlyAfterIt()
    {
        using var data = new TempDirectory("saas-outbox");
        await using var app = await StartServiceAsync(data.Path);
        var probe = app.Services.GetRequiredService<ConsumerProbe>();
        var outbox = app.Services.GetRequiredService<MessageOutbox>();
        var (earlier, later, unrelated) = (Probe("earlier"), Probe("later"), Probe("another account's"));
        // The earlier event of account-1 failed three times and waits for its next attempt.
        var failed = PendingEvent.Of(earlier, DateTimeOffset.UtcNow.AddSeconds(-5));
        await outbox.Messages.InsertAsync(new OutboxMessage
        {
            Id = failed.EventId, Type = failed.Type, Payload = failed.Payload, CreatedAt = failed.CreatedAt, OrderKey = "account-1",
            Attempts = 3, NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1),
        });

        await outbox.EnqueueAsync(later, "account-1", default);
        await outbox.EnqueueAsync(unrelated, "account-2", default);

        // The pass that published account-2's event (written after account-1's later one) has passed over the later one.
        await WaitUntilAsync(() => Task.FromResult(probe.AttemptsFor(unrelated.EventId) > 0));
        Assert.NotNull(await outbox.Messages.GetAsync(later.EventId.ToString("N")));

        await outbox.Messages.UpdateAsync(failed.EventId, m =>
        {
            m.NextAttemptAt = DateTimeOffset.UtcNow;
            return true;
        });

        await WaitUntilAsync(async () => await outbox.Messages.CountAsync() == 0 && probe.AttemptsFor(later.EventId) > 0);
        Assert.Equal([1, 1, 1], new[] { earlier, later, unrelated }.Select(e => probe.DeliveriesOf(e.EventId)));
    }

    [Fact]
    public async Task Relay_WhenTheWriterDiedBeforePublishing_ShouldPublishThePendingEventOnceWhenTheServiceIsBack()
    {
        using var data = new TempDirectory("saas-outbox");
        var message = Probe("committed inside the account, then the process died");
        await using (var dead = DeadWriter(data.Path))
        {
            var account = new ProbeAccount { Id = "account-1", Name = "Ada" };
            // Written a minute before the service is started again.
            account.Stage(message, DateTimeOffset.UtcNow.AddMinutes(-1));
            await dead.GetRequiredService<IDocumentStore>().Collection<ProbeAccount>(Accounts).InsertAsync(account);
        }

        await using var app = await StartServiceAsync(data.Path);
        var probe = app.Services.GetRequiredService<ConsumerProbe>();
        var accounts = app.Services.GetRequiredService<IDocumentStore>().Collection<ProbeAccount>(Accounts);

        await WaitUntilAsync(async () => probe.AttemptsFor(message.EventId) == 1
                                         && await accounts.GetAsync("account-1") is { HasPendingEvents: false, PendingEvents: [] });
        Assert.Equal(1, probe.DeliveriesOf(message.EventId));
    }

    [Fact]
    public async Task Relay_AfterAWrite_ShouldPublishTheWritersOwnEventsAndLeaveAnotherWritersRecentOne()
    {
        using var data = new TempDirectory("saas-outbox");
        await using var app = await StartServiceAsync(data.Path, orphanedAfter: TimeSpan.FromHours(1));
        var probe = app.Services.GetRequiredService<ConsumerProbe>();
        var relay = app.Services.GetRequiredService<PendingEventsRelay<ProbeAccount>>();
        var accounts = app.Services.GetRequiredService<IDocumentStore>().Collection<ProbeAccount>(Accounts);
        var (mine, theirs) = (Probe("mine"), Probe("another writer's, still being published by it"));
        var account = new ProbeAccount { Id = "account-1", Name = "Ada" };
        account.Stage(theirs, DateTimeOffset.UtcNow);
        var own = account.Stage(mine, DateTimeOffset.UtcNow);
        await accounts.InsertAsync(account);

        var relayed = await relay.RelayAsync(account, [own], default);
        await relay.SweepAsync(default);

        await WaitUntilAsync(() => Task.FromResult(probe.AttemptsFor(mine.EventId) == 1));
        var stored = await accounts.GetAsync("account-1");
        Assert.Equal([theirs.EventId.ToString("N")], relayed!.PendingEvents.Select(e => e.EventId));
        Assert.True(stored!.HasPendingEvents);
        Assert.Equal([theirs.EventId.ToString("N")], stored.PendingEvents.Select(e => e.EventId));
    }

    private static OutboxProbed Probe(string subject) => new() { EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow, Subject = subject };

    private async Task<WebApplication> StartServiceAsync(string dataDirectory, bool withOutbox = true, TimeSpan? orphanedAfter = null)
    {
        await EnsureQueuesAsync();
        return await TestApps.StartAsync(
            [new("ConnectionStrings:messaging", rabbit.ConnectionString), new("Storage:DataDirectory", dataDirectory)],
            configure: builder =>
            {
                builder.Services.AddDocumentStore(builder.Configuration, StoreName);
                builder.Services.AddMessageInbox();
                if (withOutbox)
                {
                    builder.Services.AddMessageOutbox();
                    builder.Services.AddPendingEventsRelay(
                        sp => sp.GetRequiredService<IDocumentStore>().Collection<ProbeAccount>(Accounts),
                        o => o.OrphanedAfter = orphanedAfter ?? o.OrphanedAfter);
                }
            });
    }

    /// <summary>The store a killed process leaves behind: the same data file, opened without a bus or any sender.</summary>
    private static ServiceProvider DeadWriter(string dataDirectory) =>
        new ServiceCollection()
            .AddLogging()
            .AddDocumentStore(new ConfigurationBuilder().AddInMemoryCollection([new("Storage:DataDirectory", dataDirectory)]).Build(), StoreName)
            .BuildServiceProvider();

    private static readonly SemaphoreSlim QueuesGate = new(1, 1);
    private static string? queuesDeclaredOn;

    // A service publishing at its start may be ahead of its own receive endpoints: on a fresh broker the probe's
    // queue must exist first, as it does in production from earlier runs (RabbitMQ drops what no queue is bound to).
    private async Task EnsureQueuesAsync()
    {
        await QueuesGate.WaitAsync();
        try
        {
            if (queuesDeclaredOn != rabbit.ConnectionString)
            {
                await using var app = await TestApps.StartAsync([new("ConnectionStrings:messaging", rabbit.ConnectionString)]);
                queuesDeclaredOn = rabbit.ConnectionString;
            }
        }
        finally
        {
            QueuesGate.Release();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {Patience.TotalSeconds} s");
            }

            await Task.Delay(50);
        }
    }
}
