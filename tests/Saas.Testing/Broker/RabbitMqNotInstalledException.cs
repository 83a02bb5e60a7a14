namespace Saas.Testing.Broker;

/// <summary>Thrown when the Debian rabbitmq-server package is missing; its message is the one line an operator needs.</summary>
public sealed class RabbitMqNotInstalledException()
    : Exception("RabbitMQ is not installed: run 'apt-get install -y rabbitmq-server' or set ConnectionStrings__messaging to an existing broker.");
