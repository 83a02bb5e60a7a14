using MassTransit;
using Microsoft.Extensions.Options;

namespace Saas.Webhooks.Features.Processing;

/// <summary>First deliveries and their retries.</summary>
public sealed class ProcessStripeEventConsumer(CustomerQueue queue) : IConsumer<ProcessStripeEvent>
{
    public Task Consume(ConsumeContext<ProcessStripeEvent> context) =>
        queue.DrainAsync(context.Message.StoredEventId, context.Message.OrderingKey, ProcessingLane.Live, context.CancellationToken);
}

public sealed class ProcessStripeEventConsumerDefinition : ConsumerDefinition<ProcessStripeEventConsumer>
{
    public ProcessStripeEventConsumerDefinition(IOptions<WebhooksOptions> options)
    {
        EndpointName = ProcessingQueues.Live;
        ConcurrentMessageLimit = options.Value.ConcurrentMessageLimit;
    }
}
