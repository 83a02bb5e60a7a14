using System.Net;
using System.Net.Sockets;

namespace Saas.Testing.Broker;

/// <summary>Finds free loopback TCP ports by letting the kernel choose them.</summary>
public static class FreePorts
{
    public static int Next() => Next(1)[0];

    /// <summary>True when nothing listens on <paramref name="port"/> on loopback.</summary>
    public static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// Returns <paramref name="count"/> distinct free ports. The listeners stay open until all are chosen, so the
    /// kernel cannot hand out the same port twice within one call.
    /// </summary>
    public static int[] Next(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
