namespace Saas.AppHost.Messaging;

/// <summary>
/// A private RabbitMQ node run by <c>rabbitmq-node.sh</c> (Debian's rabbitmq-server, no container) on fixed loopback
/// ports chosen at start, so a restart keeps the address every service was given. Its connection string is what
/// services receive as <c>ConnectionStrings__messaging</c>.
/// </summary>
internal sealed class RabbitMqNodeResource(string name, string script, string directory, int amqpPort)
    : ExecutableResource(name, "bash", directory), IResourceWithConnectionString
{
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public string Script => script;
    public string DataDirectory => WorkingDirectory;
    public int AmqpPort => amqpPort;

    /// <summary>guest may log in because the node listens on loopback only.</summary>
    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{amqpPort}/";

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{ConnectionString}");
}
