using Saas.Storage;

namespace Saas.Admin.Features.Settings;

/// <summary>Settings are looked up, and kept unique, by key: the index exists before the first request.</summary>
internal sealed class SettingsIndexes(IDocumentStore store) : IStoreInitializer
{
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        store.Collection<GlobalSetting>(GlobalSetting.CollectionName).EnsureIndexAsync(s => s.Key, unique: true, cancellationToken);
}
