using Aspire.Hosting.Testing;

namespace Saas.SystemTests;

/// <summary>A bad AppHost setting stops the AppHost before anything starts, with a message naming the key.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--AppHost:GatewayPort=-5", "AppHost:GatewayPort")]
    [InlineData("--AppHost:GatewayPort=http", "AppHost:GatewayPort")]
    public async Task AppHost_WhenAnOptionIsInvalid_ShouldFailNamingIt(string argument, string key)
    {
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Saas_AppHost>([argument]);
        });

        Assert.NotNull(error);
        Assert.Contains(key, error.ToString());
    }
}
