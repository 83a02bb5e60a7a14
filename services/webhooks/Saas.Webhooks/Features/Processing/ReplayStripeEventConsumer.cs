using MassTransit;
using Microsoft.Extensions.Options;
using Saas.Storage;

namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// Replays: the same path as a first delivery, on their own queue and concurrency limit, and with their store writes
/// behind intake's and the live lane's (a large replay fills the writer's spare room, it does not queue ahead of them),
/// and its CPU work on the lowest-priority threads (<see cref="LowPriorityScheduler"/>), so it uses idle cores only.
/// </summary>
public sealed class ReplayStripeEventConsumer(CustomerQueue queue, LowPriorityScheduler scheduler) : IConsumer<ReplayStripeEvent>
{
    public Task Consume(ConsumeContext<ReplayStripeEvent> context) => scheduler.RunAsync(async () =>
    {
        using var background = StoreWrites.Prioritize(WritePriority.Background);
        await queue.DrainAsync(context.Message.StoredEventId, context.Message.OrderingKey, ProcessingLane.Replay, context.CancellationToken);
    });
}

public sealed class ReplayStripeEventConsumerDefinition : ConsumerDefinition<ReplayStripeEventConsumer>
{
    public ReplayStripeEventConsumerDefinition(IOptions<WebhooksOptions> options)
    {
        EndpointName = ProcessingQueues.Replay;
        ConcurrentMessageLimit = options.Value.ReplayConcurrentMessageLimit;
    }
}
