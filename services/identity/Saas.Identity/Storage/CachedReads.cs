using System.Collections.Concurrent;
using Saas.Storage;

namespace Saas.Identity.Storage;

/// <summary>
/// Documents read by id on the hot path (the session behind every access token, the user <c>/me</c> answers), kept
/// in memory while no write made through this process has touched them (<see cref="WriteStamps"/>). With the embedded
/// store this process is the only writer of its file, so a cached copy is exactly what the store holds: logout,
/// revocation and every profile change are seen by the very next request. With a store shared by several replicas
/// (MongoDB) another replica's write cannot move this process's stamps, so copies are then kept at most
/// <see cref="ReadCacheOptions.SharedStoreMaxAge"/> (default zero: no cache, every read goes to the store).
/// </summary>
/// <remarks>The copies handed out are shared: callers read them and never change them.</remarks>
public sealed class CachedReads<T>(IDocumentCollection<T> collection, WriteStamps stamps, TimeSpan? maxAge, TimeProvider time)
    where T : class, IDocument
{
    /// <summary>Past this many entries the cache starts over (a bound on memory, not a policy: misses only cost a read).</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private int count;

    /// <summary>The stored document with <paramref name="id"/> (a shared copy: do not change it), or null.</summary>
    public async ValueTask<T?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (maxAge == TimeSpan.Zero)
        {
            return await collection.GetAsync(id, cancellationToken);
        }

        if (entries.TryGetValue(id, out var cached) && stamps.IsCurrent(id, cached.Stamp) &&
            (maxAge is null || time.GetElapsedTime(cached.ReadAt) < maxAge))
        {
            return cached.Document;
        }

        // The stamp is taken before the read: a write committing meanwhile moves it, so this copy is never current.
        var stamp = stamps.Take(id);
        var readAt = time.GetTimestamp();
        var document = await collection.GetAsync(id, cancellationToken);
        if (document is null)
        {
            entries.TryRemove(id, out _);
            return null;
        }

        Keep(id, new Entry(document, stamp, readAt));
        return document;
    }

    private void Keep(string id, Entry entry)
    {
        if (entries.TryGetValue(id, out _))
        {
            entries[id] = entry;
        }
        else if (entries.TryAdd(id, entry) && Interlocked.Increment(ref count) > MaxEntries)
        {
            entries.Clear();
            Interlocked.Exchange(ref count, 0);
        }
    }

    private sealed record Entry(T Document, WriteStamps.Stamp Stamp, long ReadAt);
}
