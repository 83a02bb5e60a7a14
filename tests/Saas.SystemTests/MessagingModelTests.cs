using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Saas.ServiceDefaults;
using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>
/// Which broker the app model gives the services. Only the model is built: nothing starts (no container runtime here,
/// so the container variant could not run anyway).
/// </summary>
public sealed class MessagingModelTests
{
    [Fact]
    public async Task AppModel_ByDefault_ShouldRunTheLocalRabbitMqNodeNotAContainer()
    {
        var (messaging, referencing) = await MessagingOfAsync();

        Assert.IsAssignableFrom<ExecutableResource>(messaging);
        Assert.False(messaging.TryGetLastAnnotation<ContainerImageAnnotation>(out _));
        Assert.Equal([.. ResourceNames.Services, ResourceNames.Gateway], referencing);
    }

    [Fact]
    public async Task AppModel_WhenTheRabbitMqContainerIsChosen_ShouldGiveEveryServiceAspiresRabbitMqContainer()
    {
        var (messaging, referencing) = await MessagingOfAsync("--AppHost:RabbitMqContainer=true");

        Assert.IsType<RabbitMQServerResource>(messaging);
        Assert.True(messaging.TryGetLastAnnotation<ContainerImageAnnotation>(out var image));
        Assert.Contains("rabbitmq", image.Image, StringComparison.Ordinal);
        Assert.Equal([.. ResourceNames.Services, ResourceNames.Gateway], referencing);
    }

    [Fact]
    public async Task AppModel_WhenABrokerIsGiven_ShouldPassItOnEvenWithTheContainerChosen()
    {
        var (messaging, _) = await MessagingOfAsync("--AppHost:RabbitMqContainer=true", "--ConnectionStrings:messaging=amqp://guest:guest@127.0.0.1:5999/");

        // A connection string passed on: nothing of the AppHost's runs for it.
        Assert.IsAssignableFrom<IResourceWithConnectionString>(messaging);
        Assert.False(messaging is ExecutableResource or ContainerResource, messaging.GetType().Name);
    }

    [Fact]
    public async Task AppModel_WhenTheContainerSettingIsNotABoolean_ShouldStopNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => MessagingOfAsync("--AppHost:RabbitMqContainer=yes"));

        Assert.Contains("AppHost:RabbitMqContainer", error.GetBaseException().Message, StringComparison.Ordinal);
    }

    /// <summary>The <c>messaging</c> resource and the names of the resources that reference it, in model order.</summary>
    private static async Task<(IResource Messaging, List<string> Referencing)> MessagingOfAsync(params string[] args)
    {
        using var data = new TempDirectory("saas-model");
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Saas_AppHost>(
            [$"--AppHost:DataDirectory={data.Path}", "--AppHost:GatewayPort=0", .. args]);
        var messaging = Assert.Single(builder.Resources, r => r.Name == ResourceNames.Messaging);
        var referencing = builder.Resources
            .Where(r => r.Annotations.OfType<ResourceRelationshipAnnotation>().Any(a => a.Resource == messaging))
            .Select(r => r.Name)
            .ToList();
        return (messaging, referencing);
    }
}
