using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Saas.StripeEmulator;
using Saas.Testing;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Features.Retries;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests;

/// <summary>
/// Webhooks in process with its embedded store in a temp folder, a fake clock, and MassTransit's test harness in
/// place of the bus (or a real RabbitMQ when <c>ConnectionStrings:messaging</c> is set with <see cref="WithRealBus"/>).
/// The entry point is named by a type of the service: the AppHost, referenced through Saas.Testing, has a Program too.
/// </summary>
public sealed class WebhooksApp() : ServiceApp<WebhooksOptions, WebhooksApp>("webhooks", new Dictionary<string, string?>
    {
        ["Stripe:WebhookSecret"] = Secret,
        ["Webhooks:InternalApiKey"] = InternalApiKey,
    })
{
    public const string Secret = "whsec_test_secret";

    /// <summary>The internal API key every test app runs with (required outside Development); clients send it.</summary>
    public const string InternalApiKey = "test-internal-api-key-0123456789abcdef";
    private bool realBus;

    // Whole milliseconds: the store keeps millisecond precision.
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    /// <summary>Set <see cref="PublishFailure.Failing"/> to make publishing integration events fail.</summary>
    public PublishFailure Failure { get; } = new();

    public WebhooksApp WithRealBus(string connectionString)
    {
        realBus = true;
        return With("ConnectionStrings:messaging", connectionString);
    }

    public ITestHarness Harness => Services.GetTestHarness();
    public StripeEventLog Log => Services.GetRequiredService<StripeEventLog>();
    public RetrySweeper Sweeper => Services.GetRequiredService<RetrySweeper>();

    public Task<HttpResponseMessage> DeliverAsync(string payload, string? signature = null) =>
        CreateClient().SendAsync(StripeDelivery.Request(payload, signature ?? StripeSignature.Sign(payload, Secret, Time.GetUtcNow())));

    /// <summary>Clients call as admin does, with the internal API key; a test of the key check removes it.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Internal-Api-Key", InternalApiKey);
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Failure);
        services.AddScoped<IIntegrationEventPublisher>(sp =>
            new FailingPublisher(Failure, new BusIntegrationEventPublisher(sp.GetRequiredService<IPublishEndpoint>())));
        if (!realBus)
        {
            services.AddMassTransitTestHarness();
        }
    }
}
