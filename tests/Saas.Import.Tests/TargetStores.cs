using Microsoft.Extensions.Configuration;
using Saas.Import.Source;
using Saas.Import.Targets;

namespace Saas.Import.Tests;

/// <summary>Real SQLite files in a temp folder, laid out as the AppHost lays out the services' data.</summary>
internal sealed class TargetStores : IAsyncDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("saas-import-");

    public string DataDirectory => root.FullName;

    /// <summary>The stores as the importer (or, after it, a test) opens them; dispose before opening again.</summary>
    public ImportTargets Open(bool readOnly = false) => ImportTargets.Open(new ConfigurationBuilder().Build(), root.FullName, readOnly);

    public async Task<ImportReport> ImportAsync(ISaasBackendSource source, ImportRunOptions? options = null)
    {
        options ??= new ImportRunOptions();
        await using var targets = Open(readOnly: options.DryRun);
        return await new SaasBackendImporter(source, targets, TimeProvider.System, options)
            .RunAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        root.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
