using Saas.Contracts;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Tests.Support;

public sealed class PublishFailure
{
    public volatile bool Failing;

    /// <summary>While set and not completed, replayed events wait for it before they are published (a replay lane kept busy).</summary>
    public volatile TaskCompletionSource? HeldReplays;

    /// <summary>Replayed events that reached the publisher (held or not).</summary>
    public int ReplaysStarted;

    /// <summary>While set and not completed, first deliveries wait for it before they are published (a customer held mid-drain).</summary>
    public volatile TaskCompletionSource? HeldLive;

    /// <summary>First deliveries (and their retries) that reached the publisher (held or not).</summary>
    public int LiveStarted;
}

/// <summary>
/// Stands in for a broker or consumer-side failure while <see cref="PublishFailure.Failing"/> is set, and holds
/// replays while <see cref="PublishFailure.HeldReplays"/> is set.
/// </summary>
public sealed class FailingPublisher(PublishFailure failure, IIntegrationEventPublisher inner) : IIntegrationEventPublisher
{
    public async Task PublishAsync(IIntegrationEvent integrationEvent, CancellationToken ct)
    {
        if (failure.Failing)
        {
            throw new InvalidOperationException("broker refused the message");
        }

        if (integrationEvent is IStripeIntegrationEvent { IsReplay: true })
        {
            Interlocked.Increment(ref failure.ReplaysStarted);
            if (failure.HeldReplays is { } held)
            {
                await held.Task.WaitAsync(ct);
            }
        }
        else
        {
            Interlocked.Increment(ref failure.LiveStarted);
            if (failure.HeldLive is { } held)
            {
                await held.Task.WaitAsync(ct);
            }
        }

        await inner.PublishAsync(integrationEvent, ct);
    }
}
