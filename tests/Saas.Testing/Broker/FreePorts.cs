namespace Saas.Testing.Broker;

/// <summary>
/// Free loopback TCP ports, chosen exactly as the AppHost chooses its own: its <c>Wiring/FreePorts.cs</c> is compiled
/// into this library too (see the project file), so the tests' nodes and services and the AppHost's never disagree on
/// the range (below the kernel's ephemeral ports, where no outgoing connection can take one before it is bound).
/// </summary>
public static class FreePorts
{
    public static int Next() => Next(1)[0];

    /// <summary><paramref name="count"/> distinct free ports.</summary>
    public static int[] Next(int count) => AppHost.Wiring.FreePorts.Next(count);

    /// <summary>True when nothing listens on <paramref name="port"/> on loopback.</summary>
    public static bool IsFree(int port) => AppHost.Wiring.FreePorts.IsFree(port);
}
