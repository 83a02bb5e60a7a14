using MassTransit;
using Microsoft.Extensions.Options;

namespace Saas.Webhooks.Features.Processing;

/// <summary>Replays: the same path as a first delivery, on their own queue and concurrency limit.</summary>
public sealed class ReplayStripeEventConsumer(CustomerQueue queue) : IConsumer<ReplayStripeEvent>
{
    public Task Consume(ConsumeContext<ReplayStripeEvent> context) =>
        queue.DrainAsync(context.Message.StoredEventId, ProcessingLane.Replay, context.CancellationToken);
}

public sealed class ReplayStripeEventConsumerDefinition : ConsumerDefinition<ReplayStripeEventConsumer>
{
    public ReplayStripeEventConsumerDefinition(IOptions<WebhooksOptions> options)
    {
        EndpointName = ProcessingQueues.Replay;
        ConcurrentMessageLimit = options.Value.ReplayConcurrentMessageLimit;
    }
}
