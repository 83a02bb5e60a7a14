using System.Diagnostics;
using Saas.Testing.Broker;

namespace Saas.Testing;

/// <summary>
/// Sets and clears policies on a private <see cref="RabbitMqNode"/> with <c>rabbitmqctl</c>. A full queue that rejects
/// publishes is a real way to make one service's publishes fail (the broker nacks them under publisher confirms)
/// while the channel, consumption and every other queue keep working.
/// </summary>
public static class RabbitMqPolicies
{
    private const string CtlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    /// <summary>Queues matching <paramref name="queuePattern"/> take no message: publishes routed to them are nacked.</summary>
    public static Task RejectPublishesAsync(RabbitMqNode node, string policyName, string queuePattern) =>
        RunAsync(node, "set_policy", "--apply-to", "queues", policyName, queuePattern, """{"max-length":0,"overflow":"reject-publish"}""");

    public static Task ClearAsync(RabbitMqNode node, string policyName) => RunAsync(node, "clear_policy", policyName);

    private static async Task RunAsync(RabbitMqNode node, params string[] arguments)
    {
        var start = new ProcessStartInfo(CtlScript)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-n", node.NodeName }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // The node's own environment (as RabbitMqNodeLayout sets it): its HOME holds the Erlang cookie, its epmd finds it.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("RABBITMQ_", StringComparison.Ordinal) || k.StartsWith("ERL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = Path.Combine(node.BaseDirectory, "home");
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["ERL_EPMD_PORT"] = node.EpmdPort.ToString();
        start.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        using var ctl = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        var output = ctl.StandardOutput.ReadToEndAsync();
        var error = ctl.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await ctl.WaitForExitAsync(timeout.Token);
        if (ctl.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {ctl.ExitCode}: {await output}{await error}");
        }
    }
}
