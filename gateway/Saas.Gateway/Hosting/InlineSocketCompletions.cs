namespace Saas.Gateway.Hosting;

/// <summary>
/// Runs socket continuations on the thread that polled them instead of queueing each to the thread pool. A proxied
/// request is two HTTP exchanges (client → gateway, gateway → service), so every request crossed to the thread pool
/// four times; inline, it does not. That is safe here because nothing on the gateway's path blocks (YARP, Kestrel and
/// our middleware are asynchronous throughout); a service that did blocking work in a continuation would stall every
/// socket sharing its poll thread, so this stays a gateway setting.
/// </summary>
public static class InlineSocketCompletions
{
    // Read once by System.Net.Sockets when the first socket operation runs, so this must be set before any socket is used.
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Turns inline completions on unless the operator set the variable (to 0 to turn them off).</summary>
    public static void EnableUnlessSet()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
