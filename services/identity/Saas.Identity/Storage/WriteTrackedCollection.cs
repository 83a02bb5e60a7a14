using System.Linq.Expressions;
using Saas.Storage;

namespace Saas.Identity.Storage;

/// <summary>
/// A collection that moves <see cref="WriteStamps"/> after every write made through it, so <see cref="CachedReads{T}"/>
/// can tell a cached copy that is still current from one a write has outdated. Reads go straight to the store.
/// </summary>
public sealed class WriteTrackedCollection<T>(IDocumentCollection<T> inner, WriteStamps stamps) : IDocumentCollection<T>
    where T : class, IDocument
{
    public string Name => inner.Name;

    public async Task InsertAsync(T document, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.InsertAsync(document, cancellationToken);
        }
        finally
        {
            if (document.Id.Length > 0)
            {
                stamps.Wrote(document.Id);
            }
        }
    }

    public Task<T?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public async Task ReplaceAsync(T document, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.ReplaceAsync(document, cancellationToken);
        }
        finally
        {
            stamps.Wrote(document.Id);
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.DeleteAsync(id, cancellationToken);
        }
        finally
        {
            stamps.Wrote(id);
        }
    }

    public async Task<long> DeleteManyAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.DeleteManyAsync(filter, cancellationToken);
        }
        finally
        {
            stamps.WroteAny();
        }
    }

    public Task<IReadOnlyList<T>> FindAsync(
        Expression<Func<T, bool>> filter, QueryOptions<T>? options = null, CancellationToken cancellationToken = default) =>
        inner.FindAsync(filter, options, cancellationToken);

    public Task<long> CountAsync(Expression<Func<T, bool>>? filter = null, CancellationToken cancellationToken = default) =>
        inner.CountAsync(filter, cancellationToken);

    public Task EnsureIndexAsync<TKey>(Expression<Func<T, TKey>> key, bool unique = false, CancellationToken cancellationToken = default) =>
        inner.EnsureIndexAsync(key, unique, cancellationToken);

    public Task EnsureExpiryIndexAsync(Expression<Func<T, DateTimeOffset?>> expiresAt, CancellationToken cancellationToken = default) =>
        inner.EnsureExpiryIndexAsync(expiresAt, cancellationToken);

    public async Task<long> IncrementAsync(string id, Expression<Func<T, long>> field, long by = 1, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.IncrementAsync(id, field, by, cancellationToken);
        }
        finally
        {
            stamps.Wrote(id);
        }
    }
}
