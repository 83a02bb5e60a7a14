using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Settings;
using Saas.Storage;

namespace Saas.Admin;

/// <summary>Indexes at start: settings are looked up (and kept unique) by key; the audit log is read newest first.</summary>
internal sealed class AdminStoreSetup(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Collection<GlobalSetting>(GlobalSetting.CollectionName).EnsureIndexAsync(s => s.Key, unique: true, cancellationToken);
        await store.Collection<AuditEntry>(AuditEntry.CollectionName).EnsureIndexAsync(e => e.At, cancellationToken: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
