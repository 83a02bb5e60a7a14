using Saas.AppHost.Orchestration;
using Saas.AppHost.Resources;

namespace Saas.AppHost.Telemetry.Queues;

/// <summary>
/// The AppHost's own broker node, read with rabbitmqctl. An external broker (<c>ConnectionStrings__messaging</c>) is
/// skipped: the AppHost holds no management credentials for it.
/// </summary>
internal sealed class BrokerQueueSource(AppModel model) : IQueueSource
{
    public async Task<IReadOnlyList<QueueDepth>?> ReadAsync(CancellationToken ct) =>
        model.Messaging is PrivateBrokerResource { State: ResourceState.Running, Node: { IsRunning: true } node }
            ? QueueListParser.Parse(await node.ListQueuesAsync(ct))
            : null;
}
