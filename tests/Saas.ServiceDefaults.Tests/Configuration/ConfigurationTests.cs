using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Configuration;

namespace Saas.ServiceDefaults.Tests.Configuration;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Start_WhenTheMessagingConnectionStringIsMalformed_ShouldFailNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestApps.StartAsync([new("ConnectionStrings:messaging", "http://not-amqp")]));

        var failure = Assert.Single(error.Failures);
        Assert.Contains("ConnectionStrings:messaging", failure);
    }

    [Fact]
    public async Task Start_WhenARetryIntervalIsNegative_ShouldFailNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestApps.StartAsync([new("Messaging:RetryIntervals:0", "-00:00:01")]));

        Assert.Contains(error.Failures, f => f.StartsWith("Messaging:RetryIntervals"));
    }

    [Fact]
    public void EnvFile_WhenItHoldsSaasBackendVariables_ShouldMapThemToSaasKeys()
    {
        var dir = Directory.CreateTempSubdirectory("saas-env-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, ".env"), """
                # saasbackend .env
                MONGODB_URI=mongodb://db:27017/app
                STRIPE_WEBHOOK_SECRET="whsec_abc"
                CORS_ORIGIN='http://localhost:3000'

                UNRELATED=1
                """);

            var configuration = new ConfigurationBuilder().AddSaasBackendEnvironment(dir.FullName).Build();

            Assert.Equal("mongodb://db:27017/app", configuration.GetConnectionString("mongodb"));
            Assert.Equal("whsec_abc", configuration["Stripe:WebhookSecret"]);
            Assert.Equal("http://localhost:3000", configuration["Cors:AllowedOrigins"]);
            Assert.Null(configuration["UNRELATED"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void EnvFile_WhenASaasKeyIsAlsoSet_ShouldLetTheSaasKeyWin()
    {
        var dir = Directory.CreateTempSubdirectory("saas-env-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, ".env"), "STRIPE_SECRET_KEY=sk_from_env_file\n");

            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection([new("Stripe:SecretKey", "sk_explicit")])
                .AddSaasBackendEnvironment(dir.FullName)
                .Build();

            Assert.Equal("sk_explicit", configuration["Stripe:SecretKey"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
