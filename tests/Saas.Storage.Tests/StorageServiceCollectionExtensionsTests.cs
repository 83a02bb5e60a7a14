using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saas.Storage.Sqlite;
using Saas.Storage.Import;
using Saas.Storage.MongoDb;

namespace Saas.Storage.Tests;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly string contentRoot = Directory.CreateTempSubdirectory("saas-storage-di-").FullName;

    public void Dispose() => Directory.Delete(contentRoot, recursive: true);

    [Fact]
    public void AddDocumentStore_WhenNothingIsConfigured_ShouldUseSqliteUnderTheContentRoot()
    {
        using var provider = BuildProvider([]);

        var store = Assert.IsType<SqliteDocumentStore>(provider.GetRequiredService<IDocumentStore>());

        Assert.Equal(Path.Combine(contentRoot, ".data", "billing", "billing.sqlite"), store.FilePath);
        Assert.Same(store, provider.GetRequiredService<IDocumentStore>());
    }

    [Fact]
    public async Task AddDocumentStore_WhenTheDataFolderHoldsALiteDbFileFromAnEarlierVersion_ShouldImportItOnce()
    {
        var folder = Directory.CreateDirectory(Path.Combine(contentRoot, ".data", "billing")).FullName;
        FormerLiteDbFile.Write(Path.Combine(folder, "billing.db"), database =>
            database.GetCollection<UsageCounter>("usage").Insert(new UsageCounter { Id = "sub-1", Version = 2, Count = 9 }));

        using (var provider = BuildProvider([]))
        {
            var counters = provider.GetRequiredService<IDocumentStore>().Collection<UsageCounter>("usage");
            Assert.Equal(10, await counters.IncrementAsync("sub-1", x => x.Count));
        }

        Assert.True(File.Exists(Path.Combine(folder, "billing.db" + LiteDbImport.ImportedSuffix)));
        using var restarted = BuildProvider([]);
        var counter = await restarted.GetRequiredService<IDocumentStore>().Collection<UsageCounter>("usage").GetAsync("sub-1");
        Assert.Equal((10L, 3L), (counter?.Count, counter?.Version));
    }

    [Fact]
    public void AddDocumentStore_WhenDataDirectoryIsRelative_ShouldResolveItAgainstTheContentRoot()
    {
        using var provider = BuildProvider(new() { ["Storage:DataDirectory"] = "state/db" });

        var store = Assert.IsType<SqliteDocumentStore>(provider.GetRequiredService<IDocumentStore>());

        Assert.Equal(Path.Combine(contentRoot, "state", "db", "billing.sqlite"), store.FilePath);
    }

    [Fact]
    public void AddDocumentStore_WhenProviderIsDisposed_ShouldCloseTheStore()
    {
        var provider = BuildProvider([]);
        var store = provider.GetRequiredService<IDocumentStore>();

        provider.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.Collection<Customer>("customers"));
    }

    [Theory]
    [InlineData("mongodb://localhost:27017/saas-billing", "saas-billing")]
    [InlineData("mongodb://localhost:27017", "billing")]
    public void AddDocumentStore_WhenMongoConnectionStringIsSet_ShouldUseMongoDb(string connectionString, string database)
    {
        using var provider = BuildProvider(new() { ["ConnectionStrings:mongodb"] = connectionString });

        var store = Assert.IsType<MongoDbDocumentStore>(provider.GetRequiredService<IDocumentStore>());

        Assert.Equal(database, store.Database.DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public void AddDocumentStore_WhenPurgeIntervalIsOutOfRange_ShouldFailValidation()
    {
        using var provider = BuildProvider(new() { ["Storage:ExpiryPurgeInterval"] = "00:00:00" });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    public void AddDocumentStore_WhenServiceNameIsNotAFileName_ShouldThrow(string serviceName)
    {
        var configuration = new ConfigurationBuilder().Build();

        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddDocumentStore(configuration, serviceName));
    }

    private ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new TestEnvironment { ContentRootPath = contentRoot });
        services.AddDocumentStore(configuration, "billing");
        return services.BuildServiceProvider(validateScopes: true);
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
