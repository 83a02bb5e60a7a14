using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Messaging;
using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Features.Retries;

/// <summary>
/// How many messages wait in a lane's queue, for the sweeper: while a lane has a backlog, the message of an event
/// handed on a while ago is most likely still waiting its turn, not lost. Read from RabbitMQ with a passive queue
/// declare on a connection of its own (MassTransit does not expose its channels); null when there is no broker
/// (the in-memory transport of one process) or it cannot be asked, and the sweeper then behaves as if it were empty.
/// Counts only messages ready for delivery: those already in a consumer's prefetch buffer are not in it.
/// </summary>
public sealed class LaneBacklog(IConfiguration configuration, ILogger<LaneBacklog> logger) : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly Uri? broker = configuration.GetConnectionString(ResourceNames.Messaging) is { Length: > 0 } uri
        ? MessagingOptions.TryParseBrokerUri(uri)
        : null;
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private IConnection? connection;
    private IChannel? channel;

    /// <summary>Messages ready in <paramref name="lane"/>'s queue (0 if it does not exist yet), or null when unknown.</summary>
    public async Task<uint?> WaitingAsync(ProcessingLane lane, CancellationToken ct)
    {
        if (broker is null)
        {
            return null;
        }

        await oneAtATime.WaitAsync(ct);
        try
        {
            connection ??= await new ConnectionFactory
            {
                Uri = broker,
                AutomaticRecoveryEnabled = false,
                RequestedConnectionTimeout = ConnectTimeout,
                ClientProvidedName = "webhooks-lane-backlog",
            }.CreateConnectionAsync(ct);
            channel ??= await connection.CreateChannelAsync(cancellationToken: ct);
            var queue = lane == ProcessingLane.Live ? ProcessingQueues.Live : ProcessingQueues.Replay;
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // No such queue yet (nothing was ever sent on that lane); the broker closed the channel.
            channel = null;
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogDebug("Could not read the {Lane} lane's backlog: {Reason}", lane, e.GetBaseException().Message);
            await ResetAsync();
            return null;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task ResetAsync()
    {
        var (oldConnection, oldChannel) = (connection, channel);
        (connection, channel) = (null, null);
        try
        {
            if (oldChannel is not null)
            {
                await oldChannel.DisposeAsync();
            }

            if (oldConnection is not null)
            {
                await oldConnection.DisposeAsync();
            }
        }
        catch (Exception e) when (e is AlreadyClosedException or IOException or ObjectDisposedException)
        {
            // Already gone with the broker.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        oneAtATime.Dispose();
    }
}
