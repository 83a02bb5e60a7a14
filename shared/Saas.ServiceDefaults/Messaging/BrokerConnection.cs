using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client.Exceptions;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>
/// What this process knows about its RabbitMQ connection, and the only place that logs about it: one warning when
/// it is lost, one when it is back (with how long and how many failed attempts), an information line each minute
/// meanwhile. MassTransit's own entries about the failing connection (a full stack trace per reconnect attempt)
/// are counted here instead of written; see <see cref="QuietBrokerLoggerFactory"/>.
/// </summary>
public sealed class BrokerConnection(ILogger<BrokerConnection> logger, TimeProvider time)
{
    private static readonly TimeSpan StillDownEvery = TimeSpan.FromMinutes(1);
    private readonly Lock gate = new();
    private DateTimeOffset? lostAt;
    private DateTimeOffset lastReported;
    private long failures;

    /// <summary>True between the first failure noticed and the bus being healthy again.</summary>
    public bool IsDown
    {
        get { lock (gate) { return lostAt is not null; } }
    }

    /// <summary>Failed attempts counted (and not logged) since the connection was lost.</summary>
    public long FailuresSinceLost => Interlocked.Read(ref failures);

    /// <summary>Records one failed attempt; the first after a healthy period logs the warning.</summary>
    public void Failed(string reason)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            failures++;
            if (lostAt is null)
            {
                (lostAt, lastReported, failures) = (now, now, 1);
                logger.LogWarning("Connection to RabbitMQ lost ({Reason}); reconnecting quietly, one line when it returns", reason);
                return;
            }

            if (now - lastReported >= StillDownEvery)
            {
                lastReported = now;
                logger.LogInformation("RabbitMQ still unreachable after {Seconds:0} s; {Failures} failed attempts so far", (now - lostAt.Value).TotalSeconds, failures);
            }
        }
    }

    /// <summary>The bus is healthy: logs the recovery if an outage was under way.</summary>
    public void Healthy()
    {
        lock (gate)
        {
            if (lostAt is not { } since)
            {
                return;
            }

            logger.LogWarning("Connection to RabbitMQ is back after {Seconds:0.0} s; {Failures} failed attempts were not logged one by one",
                (time.GetUtcNow() - since).TotalSeconds, failures);
            (lostAt, failures) = (null, 0);
        }
    }

    /// <summary>Whether <paramref name="exception"/> (or one inside it) says the broker cannot be reached or the connection dropped.</summary>
    public static bool IsConnectionFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ConnectionException or RabbitMqConnectionException or BrokerUnreachableException or ConnectFailureException
                or AlreadyClosedException or OperationInterruptedException or SocketException or EndOfStreamException)
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsConnectionFailure))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The innermost message: "Connection refused" says more than three wrappers around it.</summary>
    public static string Reason(Exception? exception)
    {
        var e = exception;
        while (e?.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e?.Message ?? "the bus is not healthy";
    }
}
