using System.IO;
using System.Reflection;
using MassTransit;
using RabbitMQ.Client.Exceptions;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>
/// MassTransit restarts a receive endpoint that lost its broker connection with exponential backoff from 3 s up to
/// 30 s (plus jitter; measured: 35 s), so a broker back after a minute's outage could wait half a minute more
/// before any message is consumed. The policy is not configurable in MassTransit 8.5, so this replaces it on the
/// host configuration: the same exceptions handled, retried every <see cref="Interval"/>.
/// </summary>
internal static class BrokerReconnect
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static void Apply(IRabbitMqBusFactoryConfigurator configurator)
    {
        // Checked by Saas.ServiceDefaults.Tests (a MassTransit upgrade that renames these fails there, and here at start).
        var host = configurator.GetType().GetField("_hostConfiguration", Instance)?.GetValue(configurator)
                   ?? throw new InvalidOperationException("MassTransit's RabbitMQ host configuration was not found; see BrokerReconnect");
        var policy = host.GetType().GetField("<ReceiveTransportRetryPolicy>k__BackingField", Instance)
                     ?? throw new InvalidOperationException("MassTransit's receive transport retry policy was not found; see BrokerReconnect");
        policy.SetValue(host, Policy());
    }

    public static IRetryPolicy? Current(IRabbitMqBusFactoryConfigurator configurator) =>
        configurator.GetType().GetField("_hostConfiguration", Instance)?.GetValue(configurator) is { } host
            ? host.GetType().GetField("<ReceiveTransportRetryPolicy>k__BackingField", Instance)?.GetValue(host) as IRetryPolicy
            : null;

    private static IRetryPolicy Policy() => Retry.CreatePolicy(x =>
    {
        // MassTransit's own list (RabbitMqHostConfiguration), without its message filters.
        x.Handle<ConnectionException>();
        x.Handle<AlreadyClosedException>();
        x.Handle<OperationInterruptedException>();
        x.Handle<EndOfStreamException>();
        x.Handle<NotSupportedException>(e => e.Message.Contains("Pipelining of requests forbidden", StringComparison.Ordinal));
        x.Ignore<AuthenticationFailureException>();
        // 20,000 × 2 s is 11 hours, longer than MassTransit's own (1,000 attempts, up to 30 s apart); the
        // policy keeps its delays in an array, so no int.MaxValue.
        x.Interval(20_000, Interval);
    });
}
