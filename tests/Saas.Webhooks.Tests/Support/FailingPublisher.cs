using Saas.Contracts;
using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Tests.Support;

public sealed class PublishFailure
{
    public volatile bool Failing;
}

/// <summary>Stands in for a broker or consumer-side failure while <see cref="PublishFailure.Failing"/> is set.</summary>
public sealed class FailingPublisher(PublishFailure failure, IIntegrationEventPublisher inner) : IIntegrationEventPublisher
{
    public Task PublishAsync(IIntegrationEvent integrationEvent, CancellationToken ct) =>
        failure.Failing ? throw new InvalidOperationException("broker refused the message") : inner.PublishAsync(integrationEvent, ct);
}
