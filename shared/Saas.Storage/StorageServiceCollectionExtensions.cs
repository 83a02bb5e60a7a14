using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Saas.Storage.Import;
using Saas.Storage.MongoDb;
using Saas.Storage.Sqlite;

namespace Saas.Storage;

/// <summary>Registers the <see cref="IDocumentStore"/> a service uses.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The connection string that switches to MongoDB: <c>ConnectionStrings:mongodb</c>.</summary>
    public const string MongoConnectionStringName = "mongodb";

    /// <summary>
    /// The embedded store's file is <c>&lt;serviceName&gt;.sqlite</c>: not <c>.db</c>, which is where the LiteDB adapter
    /// kept its data, so an old file is never mistaken for the new one.
    /// </summary>
    public const string SqliteFileExtension = ".sqlite";

    /// <summary>
    /// Registers a singleton <see cref="IDocumentStore"/>: MongoDB when <c>ConnectionStrings:mongodb</c> is set
    /// (database from the URI path, else <paramref name="serviceName"/>), otherwise the SQLite file
    /// <c>&lt;Storage:DataDirectory&gt;/&lt;serviceName&gt;.sqlite</c>. A LiteDB file <c>&lt;serviceName&gt;.db</c> left by
    /// earlier versions is imported into it once (see <see cref="LiteDbImport"/>). The choice is made when the store is
    /// first resolved; the container disposes it at shutdown.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="serviceName">Names the data file and default database, e.g. <c>identity</c>.</param>
    public static IServiceCollection AddDocumentStore(
        this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        if (serviceName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"'{serviceName}' cannot be used as a file name.", nameof(serviceName));
        }

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IDocumentStore>(provider => Create(provider, configuration, serviceName));
        return services;
    }

    /// <summary>
    /// Runs <typeparamref name="T"/>'s <see cref="IStoreInitializer.InitializeAsync"/> before the service starts (see
    /// <see cref="StoreInitialization"/>). <typeparamref name="T"/> is resolved as itself, so a store class the features
    /// use as a singleton is that same instance; it is added as a singleton when missing. A second call for the same
    /// type changes nothing.
    /// </summary>
    public static IServiceCollection AddStoreInitializer<T>(this IServiceCollection services) where T : class, IStoreInitializer
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(StoreInitialization.Registered<T>)))
        {
            return services;
        }

        services.AddSingleton<StoreInitialization.Registered<T>>();
        services.TryAddSingleton<T>();
        services.AddSingleton<IStoreInitializer>(provider => provider.GetRequiredService<T>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StoreInitialization>());
        return services;
    }

    private static IDocumentStore Create(IServiceProvider provider, IConfiguration configuration, string serviceName)
    {
        var mongo = configuration.GetConnectionString(MongoConnectionStringName);
        if (!string.IsNullOrWhiteSpace(mongo))
        {
            return new MongoDbDocumentStore(mongo, MongoUrl.Create(mongo).DatabaseName ?? serviceName);
        }

        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var root = provider.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        var directory = string.IsNullOrWhiteSpace(options.DataDirectory)
            ? Path.Combine(root, ".data", serviceName)
            : Path.GetFullPath(options.DataDirectory, root);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{serviceName}{SqliteFileExtension}");
        LiteDbImport.ImportIfNeeded(Path.Combine(directory, $"{serviceName}.db"), file);
        return new SqliteDocumentStore(file, options.ExpiryPurgeInterval);
    }
}
