using System.Net;
using System.Net.Sockets;

namespace Saas.AppHost.Wiring;

/// <summary>Free loopback ports, chosen before anything starts so every process can be told every address.</summary>
internal static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> distinct free ports, held open together while chosen (so distinct). Chosen at random below
    /// the kernel's ephemeral range (<c>ip_local_port_range</c>, 32768–60999 here) when it leaves room: a port the kernel
    /// hands out for port 0 is one any outgoing connection on the machine may take as its source port in the tens of
    /// seconds before a loaded machine's RabbitMQ node or service binds it, and then that start fails again at every
    /// restart. Falls back to the kernel's choice.
    /// </summary>
    public static int[] Next(int count)
    {
        var low = EphemeralLow();
        for (var attempt = 0; attempt < 20 && low - Floor >= 1000; attempt++)
        {
            var ports = Enumerable.Range(0, count).Select(_ => Random.Shared.Next(Floor, low)).Distinct().ToArray();
            if (ports.Length == count && TryHold(ports))
            {
                return ports;
            }
        }

        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private const int Floor = 20000;

    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    private static bool TryHold(int[] ports)
    {
        var listeners = new List<TcpListener>();
        try
        {
            foreach (var port in ports)
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listeners.Add(listener);
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
