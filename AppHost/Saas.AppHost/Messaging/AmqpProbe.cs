using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Saas.AppHost.Messaging;

/// <summary>
/// The broker's health check: a real AMQP login. An open port or a successful <c>rabbitmqctl ping</c> comes about 1.6 s
/// earlier, and a service connecting then would fail.
/// </summary>
internal sealed class AmqpProbe(string connectionString, int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // A refused TCP connect is cheap; the client's own failure path is not, so try that first.
        using (var tcp = new TcpClient())
        {
            try
            {
                await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            }
            catch (SocketException ex)
            {
                return HealthCheckResult.Unhealthy($"port {port}: {ex.SocketErrorCode}");
            }
        }

        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            ClientProvidedName = "saas-apphost-health",
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await connection.CloseAsync(cancellationToken);
            return HealthCheckResult.Healthy($"AMQP login accepted on port {port}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"AMQP login on port {port} failed: {ex.Message}");
        }
    }
}
