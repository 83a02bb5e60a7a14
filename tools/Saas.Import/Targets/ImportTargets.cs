using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saas.Admin.Features.Settings;
using Saas.Billing.Storage;
using Saas.Identity.Storage;
using Saas.ServiceDefaults;
using Saas.Storage;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Import.Targets;

/// <summary>
/// The services' stores, opened exactly as each service opens its own (<see cref="StorageServiceCollectionExtensions.AddDocumentStore"/>):
/// MongoDB when <c>ConnectionStrings:mongodb</c> is set, else <c>&lt;data&gt;/&lt;service&gt;/&lt;service&gt;.sqlite</c>, the
/// layout the AppHost gives them. The checkpoints live in admin's store, beside the data they describe.
/// </summary>
public sealed class ImportTargets : IAsyncDisposable
{
    public const string CheckpointCollection = "saasbackend_import";
    private readonly List<ServiceProvider> providers = [];
    private readonly List<string> scratch = [];

    private ImportTargets(Func<string, IDocumentStore> open)
    {
        var identity = open(ResourceNames.Identity);
        Identity = new IdentityStore(identity);
        Billing = new BillingStore(open(ResourceNames.Billing));
        var webhooks = open(ResourceNames.Webhooks);
        EventLog = new StripeEventLog(webhooks);
        Events = webhooks.Collection<StripeEventDocument>(StripeEventLog.CollectionName);
        var admin = open(ResourceNames.Admin);
        Settings = admin.Collection<GlobalSetting>(GlobalSetting.CollectionName);
        Checkpoints = admin.Collection<ImportCheckpoint>(CheckpointCollection);
    }

    public IdentityStore Identity { get; }

    public BillingStore Billing { get; }

    /// <summary>Webhooks' event log: only for its indexes (its own accessor creates them, which a dry run must not).</summary>
    public StripeEventLog EventLog { get; }

    public IDocumentCollection<StripeEventDocument> Events { get; }

    public IDocumentCollection<GlobalSetting> Settings { get; }

    public IDocumentCollection<ImportCheckpoint> Checkpoints { get; }

    /// <summary>
    /// Opens the stores of <paramref name="configuration"/> (<c>ConnectionStrings:mongodb</c>, else <paramref name="dataDirectory"/>).
    /// With <paramref name="readOnly"/> (a dry run) a store file that does not exist yet is not created: an empty
    /// stand-in in a temporary folder, deleted at dispose, answers for it.
    /// </summary>
    public static ImportTargets Open(IConfiguration configuration, string dataDirectory, bool readOnly = false)
    {
        var providers = new List<ServiceProvider>();
        var scratch = new List<string>();
        var mongo = !string.IsNullOrWhiteSpace(configuration.GetConnectionString(StorageServiceCollectionExtensions.MongoConnectionStringName));
        var targets = new ImportTargets(service =>
        {
            var directory = Path.GetFullPath(Path.Combine(dataDirectory, service));
            if (readOnly && !mongo && !File.Exists(Path.Combine(directory, service + StorageServiceCollectionExtensions.SqliteFileExtension)))
            {
                directory = Directory.CreateTempSubdirectory("saas-import-dry-run-").FullName;
                scratch.Add(directory);
            }

            var settings = new ConfigurationBuilder()
                .AddConfiguration(configuration)
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"{StorageOptions.SectionName}:DataDirectory"] = directory,
                })
                .Build();
            var provider = new ServiceCollection().AddDocumentStore(settings, service).BuildServiceProvider();
            providers.Add(provider);
            return provider.GetRequiredService<IDocumentStore>();
        });
        targets.providers.AddRange(providers);
        targets.scratch.AddRange(scratch);
        return targets;
    }

    /// <summary>Opens the given stores (tests hand in stores they hold themselves).</summary>
    public static ImportTargets Of(IDocumentStore identity, IDocumentStore billing, IDocumentStore webhooks, IDocumentStore admin)
    {
        var stores = new Dictionary<string, IDocumentStore>
        {
            [ResourceNames.Identity] = identity, [ResourceNames.Billing] = billing,
            [ResourceNames.Webhooks] = webhooks, [ResourceNames.Admin] = admin,
        };
        return new ImportTargets(service => stores[service]);
    }

    /// <summary>
    /// The unique indexes the services declare at start, created here too so that a conflict (a taken e-mail, setting
    /// key or Stripe event id) is refused by the store even when a service has never run on it.
    /// </summary>
    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        await Identity.InitializeAsync(cancellationToken);
        await Billing.Customers.EnsureIndexAsync(c => c.StripeCustomerId, cancellationToken: cancellationToken);
        await EventLog.InitializeAsync(cancellationToken);
        await Settings.EnsureIndexAsync(s => s.Key, unique: true, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        foreach (var directory in scratch)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>How far the import of one saasbackend collection got (id = the collection's name).</summary>
public sealed class ImportCheckpoint : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    /// <summary>The last <c>_id</c> handled; the next run starts after it.</summary>
    public string? LastId { get; set; }

    public bool Completed { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
