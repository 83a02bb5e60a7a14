using System.Net;
using System.Net.Sockets;
using RabbitMQ.Client;

namespace Saas.Testing.Broker;

/// <summary>
/// Checks that a broker accepts a real AMQP login. An open port or a successful <c>rabbitmqctl ping</c> comes
/// earlier than that (about 1.6 s on these machines), and a service connecting then would fail.
/// </summary>
internal static class AmqpProbe
{
    public static async Task<bool> CanLoginAsync(string connectionString, int port, CancellationToken ct)
    {
        // A refused TCP connect is cheap; the client's own failure path is not, so try that first.
        using (var tcp = new TcpClient())
        {
            try
            {
                await tcp.ConnectAsync(IPAddress.Loopback, port, ct);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            ClientProvidedName = "saas-apphost-readiness",
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(ct);
            await connection.CloseAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
