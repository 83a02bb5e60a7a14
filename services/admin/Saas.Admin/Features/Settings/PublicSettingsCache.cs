using Saas.Storage;

namespace Saas.Admin.Features.Settings;

/// <summary>
/// <c>GET /api/settings/public</c> is read by every front-end page load, so it is answered from memory for a few
/// seconds. This replica drops the copy as soon as a setting is saved or deleted here; other replicas catch up
/// within <see cref="Lifetime"/>.
/// </summary>
public sealed class PublicSettingsCache(IDocumentStore store, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private volatile Entry? _entry;

    public async Task<PublicSettingsResponse> GetAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_entry is { } cached && now - cached.LoadedAt < Lifetime)
        {
            return cached.Response;
        }

        var settings = await store.Collection<GlobalSetting>(GlobalSetting.CollectionName)
            .FindAsync(s => s.IsPublic, new QueryOptions<GlobalSetting> { SortBy = [new(s => s.Key)] }, ct);
        var response = new PublicSettingsResponse(settings.Select(s => new PublicSetting(s.Key, s.Value, s.Type, s.Description)).ToList());
        _entry = new Entry(response, now);
        return response;
    }

    public void Invalidate() => _entry = null;

    private sealed record Entry(PublicSettingsResponse Response, DateTimeOffset LoadedAt);
}
