using Microsoft.Extensions.Configuration;
using Saas.AppHost.Supervision;
using Saas.AppHost.Wiring;
using Saas.ServiceDefaults;

namespace Saas.AppHost.Messaging;

internal static class MessagingWiring
{
    /// <summary>
    /// The broker every service gets as <c>ConnectionStrings__messaging</c>, first match wins:
    /// <list type="number">
    /// <item>the operator's <c>ConnectionStrings:messaging</c>: only passed on;</item>
    /// <item><c>AppHost:RabbitMqContainer=true</c>: Aspire's RabbitMQ container (<c>Aspire.Hosting.RabbitMQ</c>), for machines
    /// with Docker or Podman; never the default, since these machines have no container runtime;</item>
    /// <item>otherwise a private node of Debian's <c>rabbitmq-server</c> under the data directory.</item>
    /// </list>
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddMessaging(this IDistributedApplicationBuilder builder, AppHostSettings settings)
    {
        if (builder.Configuration.GetConnectionString(ResourceNames.Messaging) is { Length: > 0 })
        {
            return builder.AddConnectionString(ResourceNames.Messaging);
        }

        if (settings.RabbitMqContainer)
        {
            // Data in a named volume, so durable queues and persistent messages outlive a restart of the container, as
            // they outlive one of the local node; restarted on exit by the same supervisor.
            return builder.AddRabbitMQ(ResourceNames.Messaging).WithDataVolume().WithRestartOnExit();
        }

        return builder.AddRabbitMqNode(ResourceNames.Messaging, Path.Combine(settings.DataDirectory, ResourceNames.Messaging));
    }
}
