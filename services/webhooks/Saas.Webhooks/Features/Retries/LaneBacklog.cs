using Saas.ServiceDefaults.Messaging;
using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Features.Retries;

/// <summary>
/// How many messages wait in a lane's queue, for the sweeper: while a lane has a backlog, the message of an event
/// handed on a while ago is most likely still waiting its turn, not lost. Read from RabbitMQ with a passive queue
/// declare (<see cref="BrokerQueues"/>); null when there is no broker (the in-memory transport of one process) or it
/// cannot be asked, and the sweeper then behaves as if it were empty. Counts only messages ready for delivery: those
/// already in a consumer's prefetch buffer are not in it.
/// </summary>
public sealed class LaneBacklog(IServiceProvider services)
{
    // Registered by ServiceDefaults only when a broker is configured.
    private readonly BrokerQueues? queues = services.GetService<BrokerQueues>();

    /// <summary>Messages ready in <paramref name="lane"/>'s queue (0 if it does not exist yet), or null when unknown.</summary>
    public Task<uint?> WaitingAsync(ProcessingLane lane, CancellationToken ct) =>
        queues?.ReadyMessagesAsync(lane == ProcessingLane.Live ? ProcessingQueues.Live : ProcessingQueues.Replay, ct)
        ?? Task.FromResult<uint?>(null);
}
