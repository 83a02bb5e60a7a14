using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Saas.Contracts.Identity;
using Saas.Testing;
using Xunit.Abstractions;

namespace Saas.FaultTests;

/// <summary>
/// Identity SIGKILLed with events stored and not yet published (the broker was down when they were written): one in
/// the outbox collection (<c>UserRegistered</c>), one inside the organization document (<c>OrganizationCreated</c>).
/// After the restart each reaches a consumer, always with the id it was written with.
/// </summary>
public sealed class IdentityEventFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Events_WhenIdentityIsKilledBeforePublishing_ShouldBePublishedAfterItsRestart()
    {
        await using var broker = new RabbitMqFixture();
        await broker.InitializeAsync();
        Assert.NotNull(broker.Node); // the test stops its own node
        using var data = new TempDirectory("saas-fault-identity");
        var events = new ConcurrentQueue<(string Kind, string Subject, Guid EventId)>();
        var observer = await ObserveAsync(broker.ConnectionString, events);
        await using var identity = new ServiceProcess(data.Path, new Dictionary<string, string>
        {
            ["ConnectionStrings__messaging"] = broker.ConnectionString,
            ["Logging__LogLevel__Default"] = "Warning",
        }, "identity");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(identity.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            await identity.StartAsync();
            await broker.Node.StopAsync();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} broker stopped");

            var (userId, token) = await RegisterAsync(http);
            var organizationId = await CreateOrganizationAsync(http, token);
            await identity.KillAsync();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} identity killed with user {userId} and organization {organizationId} written");

            await broker.Node.StartAgainAsync();
            await identity.StartAsync();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} broker and identity started again");

            var deadline = DateTime.UtcNow + Patience;
            while (!(events.Any(e => e == ("UserRegistered", userId, e.EventId)) && events.Any(e => e == ("OrganizationCreated", organizationId, e.EventId))))
            {
                Assert.True(DateTime.UtcNow < deadline, $"not published within {Patience.TotalSeconds} s; seen: {string.Join(", ", events)}{Environment.NewLine}{identity.Output}");
                await Task.Delay(100);
            }

            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} both received; deliveries: {string.Join(", ", events)}");
            // A repeat (publish, then a crash before the removal) would carry the same id, which consumers' inboxes drop.
            Assert.Single(events.Where(e => e.Subject == userId).Select(e => e.EventId).Distinct());
            Assert.Single(events.Where(e => e.Subject == organizationId).Select(e => e.EventId).Distinct());
        }
        finally
        {
            await observer.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
    }

    private static async Task<IBusControl> ObserveAsync(string connectionString, ConcurrentQueue<(string, string, Guid)> events)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(connectionString));
            cfg.ReceiveEndpoint("fault-test-identity-observer", e =>
            {
                e.Handler<UserRegistered>(context =>
                {
                    events.Enqueue(("UserRegistered", context.Message.UserId, context.Message.EventId));
                    return Task.CompletedTask;
                });
                e.Handler<OrganizationCreated>(context =>
                {
                    events.Enqueue(("OrganizationCreated", context.Message.OrganizationId, context.Message.EventId));
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return bus;
    }

    private static async Task<(string Id, string Token)> RegisterAsync(HttpClient http)
    {
        var email = $"killed-{Guid.NewGuid():N}@example.com";
        using var response = await http.PostAsJsonAsync("/api/auth/register", new { email, password = "fault-password-1", name = "Killed Writer" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"register answered {(int)response.StatusCode}: {body}");
        return (body.GetProperty("user").GetProperty("_id").GetString()!, body.GetProperty("token").GetString()!);
    }

    private static async Task<string> CreateOrganizationAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organizations") { Content = JsonContent.Create(new { name = "Killed Writer's" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"create organization answered {(int)response.StatusCode}: {body}");
        return body.GetProperty("id").GetString()!;
    }
}
