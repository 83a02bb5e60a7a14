using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saas.Gateway.Tests.Support;
using Saas.ServiceDefaults;

namespace Saas.Gateway.Tests.Routing;

[Collection(GatewayCollection.Name)]
public sealed class StartupTests(Backends backends)
{
    private const string MissingBillingAddress = "services:billing:http:0 is not set (environment variable services__billing__http__0)";

    [Fact]
    public void Validate_WhenClusterAddressMissing_ShouldFailNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(new() { ["services:billing:http:0"] = null }));

        Assert.StartsWith(MissingBillingAddress, Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("services:identity:http:0", "identity.local:80", "services:identity:http:0")]
    [InlineData("Cors:AllowedOrigins", "https://ok.example.com,app.example.com", "Cors:AllowedOrigins")]
    [InlineData("Cors:AllowedOrigins", "https://app.example.com/path", "Cors:AllowedOrigins")]
    [InlineData("RateLimiting:Auth:PermitLimit", "0", "RateLimiting:Auth:PermitLimit")]
    [InlineData("RateLimiting:Session:WindowSeconds", "0", "RateLimiting:Session:WindowSeconds")]
    [InlineData("RateLimiting:Webhooks:WindowSeconds", "-5", "RateLimiting:Webhooks:WindowSeconds")]
    [InlineData("Gateway:MaxRequestBodyBytes", "0", "Gateway:MaxRequestBodyBytes")]
    [InlineData("Gateway:HealthProbeTimeoutSeconds", "0", "Gateway:HealthProbeTimeoutSeconds")]
    [InlineData("Gateway:TrustedProxies:0", "not-an-ip", "Gateway:TrustedProxies")]
    public void Validate_WhenSettingInvalid_ShouldFailNamingTheKey(string key, string value, string expectedKey)
    {
        var error = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(new() { [key] = value }));

        Assert.Contains(error.Failures, f => f.StartsWith(expectedKey, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WhenDefaultsAndAddressesGiven_ShouldPass() => ValidateAtStart([]);

    [Fact]
    public async Task Run_WhenClusterAddressMissing_ShouldExitNamingTheKey()
    {
        var (exitCode, stdout, stderr) = await GatewayProcess.RunAsync(WithoutBilling());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("services:billing:http:0", stdout + stderr);
    }

    [Fact]
    public async Task Run_WhenClusterAddressMissing_ShouldPrintOneLineAndExitWith2()
    {
        var (exitCode, _, stderr) = await GatewayProcess.RunAsync(WithoutBilling());

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"Saas.Gateway: invalid configuration: {MissingBillingAddress}: no address for cluster 'billing'", line);
    }

    /// <summary>Registers what Program registers and runs the checks the host runs before it starts.</summary>
    private void ValidateAtStart(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory, // the gateway's appsettings.json is copied here
        });
        builder.Configuration.AddInMemoryCollection(backends.AddressSettings()).AddInMemoryCollection(settings);
        builder.AddServiceDefaults(withMessaging: false);
        builder.AddGatewayServices();
        using var app = builder.Build();

        app.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    private Dictionary<string, string?> WithoutBilling() =>
        backends.AddressSettings()
            .Where(s => !s.Key.Contains("billing"))
            .ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
}
