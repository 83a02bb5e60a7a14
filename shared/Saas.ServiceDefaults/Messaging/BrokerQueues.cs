using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>Messages waiting and consumers attached for one of this process's queues, and its <c>_error</c> queue.</summary>
public sealed record QueueReading(string Queue, uint Depth, uint Consumers, uint ErrorMessages);

/// <summary>
/// The RabbitMQ queues this process consumes from (learnt as its receive endpoints become ready), read with a passive
/// declare each (the broker answers message and consumer counts; the node runs no management plugin). One connection,
/// opened on first read and kept; a missing <c>_error</c> queue (nothing ever failed) reads as empty.
/// </summary>
public sealed class BrokerQueues(IOptions<MessagingOptions> settings, ILogger<BrokerQueues> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte> queues = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim reading = new(1, 1);
    private IConnection? connection;
    private volatile IReadOnlyList<QueueReading> latest = [];

    /// <summary>The latest reading (empty before the first, or without a broker).</summary>
    public IReadOnlyList<QueueReading> Latest => latest;

    public IReadOnlyCollection<string> Queues => [.. queues.Keys];

    /// <summary>Learns a receive endpoint's queue as it becomes ready.</summary>
    public void Ready(ReceiveEndpointReady ready)
    {
        // rabbitmq://host/vhost/queue-name?… : the queue is the last path segment. Temporary (bus) endpoints are skipped.
        if (ready.InputAddress.Scheme.StartsWith("rabbitmq", StringComparison.Ordinal) &&
            ready.InputAddress.Segments.LastOrDefault()?.Trim('/') is { Length: > 0 } queue && !ready.InputAddress.Query.Contains("temporary=true"))
        {
            queues.TryAdd(Uri.UnescapeDataString(queue), 0);
        }
    }

    /// <summary>Reads every known queue now; on failure keeps the last reading and logs once per failure.</summary>
    public async Task<IReadOnlyList<QueueReading>> RefreshAsync(CancellationToken ct)
    {
        var options = settings.Value;
        if (string.IsNullOrEmpty(options.ConnectionString) || queues.IsEmpty)
        {
            return latest;
        }

        await reading.WaitAsync(ct);
        try
        {
            connection ??= await Connect(ct);
            var readings = new List<QueueReading>();
            foreach (var queue in queues.Keys.Order(StringComparer.Ordinal))
            {
                var main = await PassiveAsync(queue, ct);
                var error = await PassiveAsync(queue + "_error", ct);
                readings.Add(new QueueReading(queue, main?.MessageCount ?? 0, main?.ConsumerCount ?? 0, error?.MessageCount ?? 0));
            }

            return latest = readings;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is BrokerUnreachableException or OperationInterruptedException
                                       or AlreadyClosedException or IOException or TimeoutException)
        {
            logger.LogDebug("Reading queue depths failed: {Error}", ex.Message);
            await DropClosedConnectionAsync();
            return latest;
        }
        finally
        {
            reading.Release();
        }
    }

    /// <summary>
    /// Messages ready in <paramref name="queue"/> now (any queue, known or not; 0 when it does not exist), or null when
    /// there is no broker or it cannot be asked. Messages in a consumer's prefetch buffer are not counted.
    /// </summary>
    public async Task<uint?> ReadyMessagesAsync(string queue, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(settings.Value.ConnectionString))
        {
            return null;
        }

        await reading.WaitAsync(ct);
        try
        {
            connection ??= await Connect(ct);
            return (await PassiveAsync(queue, ct))?.MessageCount ?? 0;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is BrokerUnreachableException or OperationInterruptedException
                                       or AlreadyClosedException or IOException or TimeoutException)
        {
            logger.LogDebug("Reading queue {Queue} failed: {Error}", queue, ex.Message);
            await DropClosedConnectionAsync();
            return null;
        }
        finally
        {
            reading.Release();
        }
    }

    private Task<IConnection> Connect(CancellationToken ct) => new ConnectionFactory
    {
        Uri = new Uri(settings.Value.ConnectionString!),
        ClientProvidedName = "saas-queue-metrics",
        RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
    }.CreateConnectionAsync(ct);

    private async Task DropClosedConnectionAsync()
    {
        if (connection is { IsOpen: false })
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    private async Task<QueueDeclareOk?> PassiveAsync(string queue, CancellationToken ct)
    {
        // A channel per declare: the broker closes the channel when the queue does not exist.
        await using var channel = await connection!.CreateChannelAsync(cancellationToken: ct);
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue, ct);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}

/// <summary>
/// Passes ready endpoints to <see cref="BrokerQueues"/>. A class of its own: MassTransit creates its observers itself,
/// so the singleton the gauges read must come in through the constructor.
/// </summary>
public sealed class QueueNameObserver(BrokerQueues queues) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready)
    {
        queues.Ready(ready);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
