using System.Net.Http.Headers;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Saas.Contracts;
using Saas.ServiceDefaults.Authentication;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests;

/// <summary>
/// Billing in process: its embedded store in a temp folder, MassTransit's test harness in place of the bus
/// (consumers kept), tokens signed by <see cref="TestTokens"/>, and — with <see cref="WithStripe"/> — Stripe.net
/// pointed at a <see cref="StripeEmulatorServer"/>; with <see cref="WithRealBus"/>, a real RabbitMQ instead of the harness.
/// </summary>
public sealed class BillingApp : ServiceApp<Program, BillingApp>
{
    public BillingApp()
        : base("billing", Defaults)
    {
    }

    private BillingApp(DirectoryInfo dataDirectory)
        : base("billing", Defaults, dataDirectory)
    {
    }

    /// <summary>The internal API key every test app runs with (required outside Development); clients send it.</summary>
    public const string InternalApiKey = "test-internal-api-key-0123456789abcdef";

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        // Small, explicit catalog: the tests do not depend on appsettings.json.
        ["Billing:Plans:0:Id"] = "free",
        ["Billing:Plans:0:Name"] = "Free",
        ["Billing:Plans:0:Limits:api_calls"] = "5",
        ["Billing:Plans:1:Id"] = "pro",
        ["Billing:Plans:1:Name"] = "Pro",
        ["Billing:Plans:1:Prices:month"] = "price_pro_monthly",
        ["Billing:Plans:1:Prices:year"] = "price_pro_yearly",
        ["Billing:Plans:1:TrialDays"] = "14",
        ["Billing:Plans:1:Limits:api_calls"] = "20",
        ["Billing:Plans:1:Limits:projects"] = "-1",
        ["Billing:PublicUrl"] = "https://app.example.com",
        ["Billing:ReturnUrlRelative"] = "/billing",
        ["Billing:InternalApiKey"] = InternalApiKey,
        // What identity's JWKS must be signed with (required outside Development; TestSigningKeys replace the fetch).
        ["Jwt:JwksSignatureKey"] = InternalApiKey,
        // Retries stay (so a test sees them) but do not wait 2 s, 4 s, 8 s.
        ["Stripe:Resilience:Retry:Delay"] = "00:00:00.010",
        ["Stripe:Resilience:Retry:UseJitter"] = "false",
    };

    private readonly List<(string Collection, string Id, long Version, string Json)> seeded = [];
    private bool realBus;

    public StripeEmulatorServer? Stripe { get; private set; }

    /// <summary>A new instance on <paramref name="other"/>'s data (a restart), which stops owning it.</summary>
    public static BillingApp OnDataOf(BillingApp other) => new(other.HandOverDataDirectory());

    /// <summary>Billing on the broker at <paramref name="connectionString"/> rather than the in-memory harness.</summary>
    public BillingApp WithRealBus(string connectionString)
    {
        realBus = true;
        return With("ConnectionStrings:messaging", connectionString);
    }

    /// <summary>
    /// A document stored as raw JSON in the embedded store's file before billing starts: a shape written by an older
    /// version, which today's types could not write.
    /// </summary>
    public BillingApp WithStoredDocument(string collection, string id, long version, string json)
    {
        seeded.Add((collection, id, version, json));
        return this;
    }

    public BillingApp WithStripe(StripeEmulatorServer emulator)
    {
        Stripe = emulator;
        return With("Stripe:SecretKey", "sk_test_billing").With("Stripe:ApiBase", emulator.BaseUrl);
    }

    public ITestHarness Harness => Services.GetTestHarness();

    /// <summary>Set by <see cref="WithClock"/>: billing's clock (not the token validator's input: tokens use real time).</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider? Clock { get; private set; }

    /// <summary>Billing's usage periods follow <paramref name="clock"/> (the one TimeProvider the service resolves).</summary>
    public BillingApp WithClock(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
    {
        Clock = clock;
        return this;
    }

    /// <summary>API keys are checked against <paramref name="identity"/> over HTTP, as in production, with no cache.</summary>
    public BillingApp WithIdentity(StandInIdentity identity) =>
        With("services:identity:http:0", identity.Url).With("Identity:InternalApiKey", StandInIdentity.InternalApiKey).With("ApiKeys:CacheSeconds", "0");

    /// <summary>A client carrying a valid access token for <paramref name="userId"/>.</summary>
    public HttpClient ClientFor(string userId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(userId));
        return client;
    }

    /// <summary>Publishes <paramref name="times"/> times on the bus and waits until billing has consumed each, without a fault.</summary>
    public async Task DeliverAsync<T>(T message, int times = 1) where T : class, IIntegrationEvent
    {
        var harness = Harness;
        int Consumed() => harness.Consumed.Select<T>(m => m.Context.Message.EventId == message.EventId).Count();
        var before = Consumed();
        for (var i = 0; i < times; i++)
        {
            await harness.Bus.Publish(message);
        }

        await Eventually.TrueAsync(() => Consumed() >= before + times, $"{typeof(T).Name} was not consumed");
        Assert.All(harness.Consumed.Select<T>(m => m.Context.Message.EventId == message.EventId), m => Assert.Null(m.Exception));
    }

    /// <summary>The <c>SubscriptionChanged</c> events billing published for <paramref name="userId"/>.</summary>
    public IReadOnlyList<Contracts.Billing.SubscriptionChanged> PublishedChanges(string userId) =>
        [.. Harness.Published.Select<Contracts.Billing.SubscriptionChanged>(m => m.Context.Message.UserId == userId)
            .Select(m => m.Context.Message).OrderBy(m => m.StripeEventCreated)];

    /// <summary>The <c>SubscriptionChanged</c> events billing published for organization <paramref name="organizationId"/>.</summary>
    public IReadOnlyList<Contracts.Billing.SubscriptionChanged> PublishedOrganizationChanges(string organizationId) =>
        [.. Harness.Published.Select<Contracts.Billing.SubscriptionChanged>(m => m.Context.Message.OrganizationId == organizationId)
            .Select(m => m.Context.Message).OrderBy(m => m.StripeEventCreated)];

    /// <summary>Clients call as admin does, with the internal API key; a test of the key check removes it.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Internal-Api-Key", InternalApiKey);
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        // Replaces the configured bus with the in-memory harness, keeping billing's consumers.
        if (!realBus)
        {
            services.AddMassTransitTestHarness();
        }

        services.AddSingleton<ISigningKeySource, TestSigningKeys>();
        if (Clock is not null)
        {
            services.AddSingleton<TimeProvider>(Clock);
        }
    }

    protected override void PrepareDataDirectory()
    {
        if (seeded.Count == 0)
        {
            return;
        }

        // The table as the SQLite adapter makes it (id, version, doc); the store adds its indexes at start.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory.FullName, "billing.sqlite")};Pooling=False");
        connection.Open();
        foreach (var (collection, id, version, json) in seeded)
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                $"CREATE TABLE IF NOT EXISTS \"{collection}\" (id TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);" +
                $"INSERT INTO \"{collection}\" (id, version, doc) VALUES ($id, $version, $doc)";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$version", version);
            command.Parameters.AddWithValue("$doc", json);
            command.ExecuteNonQuery();
        }

        seeded.Clear();
    }
}

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> for up to 10 s; timings are never asserted, only the outcome.</summary>
    public static async Task TrueAsync(Func<bool> condition, string? because = null)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), because);
    }

    /// <summary>Polls <paramref name="read"/> for up to 10 s until it returns something; fails naming <paramref name="because"/>.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> read, string because) where T : class
    {
        for (var i = 0; i < 200; i++)
        {
            if (await read() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        return await read() ?? throw new TimeoutException($"Waited 10 s for {because}");
    }
}
