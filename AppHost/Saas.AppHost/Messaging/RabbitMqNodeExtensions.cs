using Microsoft.Extensions.Logging;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Saas.AppHost.Health;
using Saas.AppHost.Supervision;
using Saas.AppHost.Wiring;

namespace Saas.AppHost.Messaging;

internal static class RabbitMqNodeExtensions
{
    private const string NodeName = "saas-messaging@localhost";

    /// <summary>
    /// Adds a private RabbitMQ node under <paramref name="dataDirectory"/>: fixed free ports (AMQP, distribution, its own
    /// epmd), an AMQP-login health check, restart on exit (<see cref="RestartSupervisor"/>) and a "queue depths" command.
    /// </summary>
    public static IResourceBuilder<RabbitMqNodeResource> AddRabbitMqNode(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory)
    {
        if (!File.Exists(RabbitMqNodeResource.ServerScript))
        {
            throw new InvalidOperationException(
                $"rabbitmq-server is not installed ({RabbitMqNodeResource.ServerScript} is missing): apt-get install -y rabbitmq-server, or set ConnectionStrings__messaging");
        }

        Directory.CreateDirectory(dataDirectory);
        var ports = FreePorts.Next(3);
        var script = Path.Combine(AppContext.BaseDirectory, "rabbitmq-node.sh");
        var node = new RabbitMqNodeResource(name, script, dataDirectory, ports[0]);

        return builder.AddResource(node)
            .WithArgs(script)
            .WithEnvironment("SAAS_RABBITMQ_BASE", dataDirectory)
            .WithEnvironment("RABBITMQ_NODENAME", NodeName)
            .WithEnvironment("RABBITMQ_NODE_PORT", ports[0].ToString())
            .WithEnvironment("RABBITMQ_DIST_PORT", ports[1].ToString())
            .WithEnvironment("ERL_EPMD_PORT", ports[2].ToString())
            .WithEndpoint("amqp", e =>
            {
                e.Port = ports[0];
                e.TargetPort = ports[0];
                e.UriScheme = "amqp";
                e.IsProxied = false;
            })
            .WithPollingHealthCheck($"{name}-amqp", new AmqpProbe(node.ConnectionString, node.AmqpPort))
            .WithRestartOnExit()
            .WithCommand("queue-depths", "Show queue depths", context => QueueDepthsAsync(node, ports[2], context),
                new CommandOptions
                {
                    Description = "rabbitmqctl list_queues name messages consumers",
                    IconName = "TextBulletListLtr",
                    UpdateState = c => c.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                        ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
                });
    }

    private static async Task<ExecuteCommandResult> QueueDepthsAsync(RabbitMqNodeResource node, int epmdPort, ExecuteCommandContext context)
    {
        var start = new ProcessStartInfo("bash", [node.Script, "ctl", "list_queues", "-q", "name", "messages", "consumers"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = node.DataDirectory,
        };
        start.Environment["SAAS_RABBITMQ_BASE"] = node.DataDirectory;
        start.Environment["RABBITMQ_NODENAME"] = NodeName;
        start.Environment["ERL_EPMD_PORT"] = epmdPort.ToString();
        using var ctl = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var stdout = ctl.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = ctl.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await ctl.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ctl.Kill(entireProcessTree: true);
            return CommandResults.Failure("rabbitmqctl did not answer within 30 s");
        }

        var output = (await stdout).Trim();
        if (ctl.ExitCode != 0)
        {
            return CommandResults.Failure($"rabbitmqctl exited with {ctl.ExitCode}: {(await stderr).Trim()}");
        }

        context.Logger.LogInformation("Queue depths (name, messages, consumers):\n{Queues}", output);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var waiting = rows.Select(r => r.Split('\t')).Where(c => c.Length >= 2 && long.TryParse(c[1], out var n) && n > 0).Sum(c => long.Parse(c[1]));
        return CommandResults.Success($"{rows.Length} queues, {waiting} messages waiting", "name\tmessages\tconsumers\n" + output, CommandResultFormat.Text);
    }
}
