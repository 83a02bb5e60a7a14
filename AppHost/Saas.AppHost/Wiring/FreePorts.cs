using System.Net;
using System.Net.Sockets;

namespace Saas.AppHost.Wiring;

/// <summary>Free loopback ports, chosen before anything starts so every process can be told every address.</summary>
internal static class FreePorts
{
    /// <summary><paramref name="count"/> distinct ports the kernel handed out as free (held open together, so distinct).</summary>
    public static int[] Next(int count)
    {
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
