using Saas.Testing.Broker;

namespace Saas.Testing;

/// <summary>Free loopback TCP ports, so parallel test runs and a running AppHost never collide.</summary>
public static class FreePort
{
    public static int Next() => FreePorts.Next();

    /// <summary><paramref name="count"/> distinct free ports.</summary>
    public static int[] Next(int count) => FreePorts.Next(count);
}
