using MassTransit;
using Saas.Contracts;

namespace Saas.Webhooks.Features.Processing;

/// <summary>Publishes translated events; a seam so tests can make processing fail.</summary>
public interface IIntegrationEventPublisher
{
    Task PublishAsync(IIntegrationEvent integrationEvent, CancellationToken ct);
}

/// <summary>
/// Publishes on the bus with MessageId = <see cref="IIntegrationEvent.EventId"/>, so consumers (and broker-side
/// deduplication) see one id per Stripe event however often it is republished.
/// </summary>
public sealed class BusIntegrationEventPublisher(IPublishEndpoint publishEndpoint) : IIntegrationEventPublisher
{
    public Task PublishAsync(IIntegrationEvent integrationEvent, CancellationToken ct) =>
        publishEndpoint.Publish(
            integrationEvent,
            integrationEvent.GetType(),
            Pipe.Execute<PublishContext>(context => context.MessageId = integrationEvent.EventId),
            ct);
}
