using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Saas.ServiceDefaults;

namespace Saas.SystemTests;

/// <summary>The AppHost's dashboard commands, run through Aspire's command service as the dashboard runs them.</summary>
[Collection(SharedSystemCollection.Name)]
public sealed class OperatorCommandsTests(SharedSystem fixture)
{
    [Fact]
    public async Task ShowQueueDepths_OnMessaging_ShouldListTheServicesQueues()
    {
        var result = await Commands.ExecuteCommandAsync(Resource(ResourceNames.Messaging), "queue-depths");

        Assert.True(result.Success, result.Message);
        Assert.Matches(@"^\d+ queues, \d+ messages waiting$", result.Message);
        Assert.Contains("billing", result.Data?.Value);
    }

    [Fact]
    public async Task CountFailedWebhooks_OnWebhooks_ShouldAnswerWithADryRunCount()
    {
        var result = await Commands.ExecuteCommandAsync(Resource(ResourceNames.Webhooks), "count-failed-webhooks");

        Assert.True(result.Success, result.Message);
        Assert.Matches(@"^\d+ failed event\(s\) would be replayed$", result.Message);
    }

    private ResourceCommandService Commands => fixture.Host.App.Services.GetRequiredService<ResourceCommandService>();

    private IResource Resource(string name) =>
        fixture.Host.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);
}
