namespace Saas.Storage.LiteDb;

/// <summary>
/// Embedded <see cref="IDocumentStore"/> on a single LiteDB file; the default when no MongoDB is configured.
/// Stores opened on the same file within a process share one connection. Dispose to close it.
/// </summary>
/// <param name="filePath">The data file, opened or created; its folder must exist.</param>
/// <param name="expiryPurgeInterval">How often expired documents are deleted; default one minute.</param>
public sealed class LiteDbDocumentStore(string filePath, TimeSpan? expiryPurgeInterval = null)
    : IDocumentStore, IDisposable
{
    private readonly SharedLiteDatabase shared =
        SharedLiteDatabase.Acquire(Path.GetFullPath(filePath), expiryPurgeInterval ?? TimeSpan.FromMinutes(1));

    private int disposed;

    /// <summary>The absolute path of the data file.</summary>
    public string FilePath => shared.FilePath;

    internal SharedLiteDatabase Shared => shared;

    /// <inheritdoc />
    public IDocumentCollection<T> Collection<T>(string name) where T : class, IDocument
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return shared.Collection<T>(name);
    }

    /// <summary>Releases this store's use of the file, closing it when no other store in the process uses it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            shared.Release();
        }
    }
}
