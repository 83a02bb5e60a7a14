using System.Collections.Concurrent;
using MassTransit;

namespace Saas.ServiceDefaults.Tests.Messaging;

public sealed record PingRequested(Guid Id);

public sealed record FailRequested(Guid Id);

/// <summary>Records what the consumers saw, so a test can wait for it.</summary>
public sealed class ConsumerProbe
{
    private readonly ConcurrentDictionary<Guid, int> attempts = new();
    private readonly ConcurrentDictionary<Guid, int> deliveries = new();

    public void Saw(Guid id) => attempts.AddOrUpdate(id, 1, (_, n) => n + 1);

    public int AttemptsFor(Guid id) => attempts.GetValueOrDefault(id);

    /// <summary>A delivery, whether or not the consumer's work ran (see <see cref="Saw"/>).</summary>
    public void Delivered(Guid id) => deliveries.AddOrUpdate(id, 1, (_, n) => n + 1);

    public int DeliveriesOf(Guid id) => deliveries.GetValueOrDefault(id);

    public async Task<int> WaitForAttemptsAsync(Guid id, int atLeast, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (AttemptsFor(id) < atLeast && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }

        return AttemptsFor(id);
    }
}

public sealed class PingConsumer(ConsumerProbe probe) : IConsumer<PingRequested>
{
    public Task Consume(ConsumeContext<PingRequested> context)
    {
        probe.Saw(context.Message.Id);
        return Task.CompletedTask;
    }
}

public sealed class FailingConsumer(ConsumerProbe probe) : IConsumer<FailRequested>
{
    public Task Consume(ConsumeContext<FailRequested> context)
    {
        probe.Saw(context.Message.Id);
        throw new InvalidOperationException($"cannot handle {context.Message.Id}");
    }
}
