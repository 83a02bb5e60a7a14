using System.Diagnostics;

namespace Saas.Testing.Broker;

/// <summary>
/// Where a private node keeps its files and which ports it uses. Everything lives under the base directory and
/// binds to loopback, so several nodes (AppHost, parallel test runs) run side by side without touching the
/// machine's own RabbitMQ, its cookie or its epmd.
/// </summary>
internal sealed record RabbitMqNodeLayout(string BaseDirectory, string NodeName, int AmqpPort, int DistPort, int EpmdPort)
{
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    public const string CtlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    public string Home => Path.Combine(BaseDirectory, "home");
    public string MnesiaBase => Path.Combine(BaseDirectory, "mnesia");
    public string LogBase => Path.Combine(BaseDirectory, "log");
    public string NodeDataDirectory => Path.Combine(MnesiaBase, NodeName);

    public void CreateFiles()
    {
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(MnesiaBase);
        Directory.CreateDirectory(LogBase);
        // No plugins: the management plugin alone adds seconds to every start.
        File.WriteAllText(Path.Combine(BaseDirectory, "enabled_plugins"), "[].\n");
        // No rabbitmq.conf (defaults): with one, even an empty one, the prelaunch runs cuttlefish over every schema,
        // about 2 s of CPU per start on a loaded machine.
    }

    /// <summary>The environment for rabbitmq-server and rabbitmqctl; the shared HOME gives both the same cookie.</summary>
    public void ApplyEnvironment(ProcessStartInfo start)
    {
        var env = start.Environment;
        // Inherited RABBITMQ_*/ERL_* settings would point the node at someone else's files or epmd.
        foreach (var key in env.Keys.Where(k => k.StartsWith("RABBITMQ_", StringComparison.Ordinal) || k.StartsWith("ERL_", StringComparison.Ordinal)).ToList())
        {
            env.Remove(key);
        }

        env["HOME"] = Home;
        env["LANG"] = "C.UTF-8";
        env["LC_ALL"] = "C.UTF-8";
        env["RABBITMQ_NODENAME"] = NodeName;
        env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        env["RABBITMQ_NODE_PORT"] = AmqpPort.ToString();
        env["RABBITMQ_DIST_PORT"] = DistPort.ToString();
        env["RABBITMQ_MNESIA_BASE"] = MnesiaBase;
        env["RABBITMQ_LOG_BASE"] = LogBase;
        env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(BaseDirectory, "enabled_plugins");
        env["RABBITMQ_CONFIG_FILE"] = Path.Combine(BaseDirectory, "rabbitmq");
        env["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(BaseDirectory, "advanced.config");
        env["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(BaseDirectory, "rabbitmq-env.conf");
        // Our own epmd on our own port: stopping the node can then stop that epmd without affecting other nodes.
        env["ERL_EPMD_PORT"] = EpmdPort.ToString();
        env["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
    }
}
