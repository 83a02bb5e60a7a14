using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Saas.Identity.Storage;
using Saas.Identity.Features.Mail;
using Saas.Identity.Features.Tokens;
using Saas.Storage;
using Saas.Storage.Sqlite;
using Saas.Testing;
using System.Security.Cryptography;

namespace Saas.Identity.Tests;

/// <summary>
/// Identity in process: its embedded store in a temp folder (or a given one, to restart on the same data),
/// MassTransit's test harness in place of the bus, and cheap password hashes. The entry point is named by a type of
/// identity's assembly: <c>Program</c> is ambiguous here, since Saas.Testing brings the AppHost's along.
/// </summary>
public sealed class IdentityApp : ServiceApp<IdentityStore, IdentityApp>
{
    /// <summary>The internal API key every test app runs with (required outside Development); clients send it.</summary>
    public const string InternalApiKey = "test-internal-api-key-0123456789abcdef";

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        // PBKDF2 at 100,000 iterations costs ~50 ms per hash; the tests hash hundreds of times.
        ["Identity:PasswordHashIterations"] = "10",
        ["Identity:InternalApiKey"] = InternalApiKey,
        // Required outside Development too: it encrypts the signing keys in the store.
        ["Identity:Tokens:SigningKeyEncryptionSecret"] = Saas.Testing.SigningKeyEncryption.Secret,
        // Tests run as "Testing", where identity refuses to start without a mail transport unless the dev mailbox is allowed.
        ["Mail:AllowDevMailbox"] = "true",
        // The organization tests exercise the other invitation rules with fresh, unverified accounts;
        // InvitationSecurityTests runs with the shipped default (a verified address required).
        ["Identity:InvitationsRequireVerifiedEmail"] = "false",
    };

    private Action<IServiceCollection>? configureServices;
    private bool seedSigningKey = true;

    // RSA-2048 key generation costs 0.3-1 s on these machines; most tests do not care whose key signs.
    private static readonly Lazy<string> SharedKeyPkcs8 = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());
    });

    public IdentityApp()
        : base("identity", Defaults)
    {
    }

    private IdentityApp(DirectoryInfo dataDirectory)
        : base("identity", Defaults, dataDirectory)
    {
    }

    /// <summary>
    /// A second instance on <paramref name="other"/>'s data (a restart, or a replica). The data folder now belongs to
    /// the new instance: disposing <paramref name="other"/> leaves it in place.
    /// </summary>
    public static IdentityApp OnDataOf(IdentityApp other) => new(other.HandOverDataDirectory());

    /// <summary>The fake clock, when <see cref="WithClock"/> gave one.</summary>
    public FakeTimeProvider? Clock { get; private set; }

    public IdentityApp WithClock(FakeTimeProvider? clock = null)
    {
        Clock = clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow);
        return this;
    }

    /// <summary>Lets identity create its signing key itself (the tests of key creation, persistence and rotation).</summary>
    public IdentityApp WithGeneratedKeys()
    {
        seedSigningKey = false;
        return this;
    }

    public IdentityApp WithServices(Action<IServiceCollection> configure)
    {
        configureServices += configure;
        return this;
    }

    public ITestHarness Harness => Services.GetTestHarness();

    /// <summary>
    /// Waits for a published <typeparamref name="T"/> matching <paramref name="match"/>. Polls the harness's list
    /// instead of <c>Published.Any</c>, whose wait ends at the harness's inactivity timeout (the outbox publishes
    /// in the background, possibly after that).
    /// </summary>
    public async Task<T?> WaitForPublishedAsync<T>(Func<T, bool> match, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = Harness.Published.Select<T>().Select(m => m.Context.Message).FirstOrDefault(match);
            if (found is not null || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Waits for the dev mailbox to hold a mail to <paramref name="to"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task<DevMail?> WaitForMailAsync(string to, string subject, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = Mailbox.Messages.FirstOrDefault(m => m.To == to && m.Subject.Contains(subject, StringComparison.OrdinalIgnoreCase));
            if (found is not null || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(25);
        }
    }

    public DevMailbox Mailbox => Services.GetRequiredService<DevMailbox>();

    public IdentityStore Store => Services.GetRequiredService<IdentityStore>();

    /// <summary>Clients call as admin does, with the internal API key; a test of the key check removes it.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Internal-Api-Key", InternalApiKey);
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        // Replaces the service's own bus with the in-memory harness, keeping its consumers.
        services.AddMassTransitTestHarness();
        if (Clock is not null)
        {
            services.AddSingleton<TimeProvider>(Clock);
        }

        configureServices?.Invoke(services);
    }

    protected override void PrepareDataDirectory()
    {
        // On a restart the key is already there: seeding leaves it.
        if (seedSigningKey)
        {
            SeedSigningKey();
        }
    }

    private void SeedSigningKey()
    {
        using var store = new SqliteDocumentStore(Path.Combine(DataDirectory.FullName, "identity" + StorageServiceCollectionExtensions.SqliteFileExtension));
        var keys = store.Collection<SigningKey>("signing_keys");
        if (keys.CountAsync().GetAwaiter().GetResult() > 0)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        keys.InsertAsync(new SigningKey
        {
            Id = "test-" + Guid.NewGuid().ToString("N")[..12],
            PrivateKeyPkcs8 = SharedKeyPkcs8.Value,
            CreatedAt = now,
            RetiresAt = now.AddDays(30),
            PublishedUntil = now.AddDays(30).AddMinutes(20),
        }).GetAwaiter().GetResult();
    }
}
