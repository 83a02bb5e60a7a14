using LiteDB;

namespace Saas.Storage.LiteDb;

/// <summary>
/// One open LiteDB file per path and process. Direct mode locks the file exclusively, so a second
/// <see cref="LiteDatabase"/> on the same file (e.g. two test hosts in one process) would fail; stores share this
/// reference-counted instance instead, and with it the one write lock of the file.
/// </summary>
internal sealed class SharedLiteDatabase : IDisposable
{
    private static readonly Dictionary<string, SharedLiteDatabase> Open = new(StringComparer.Ordinal);
    private static readonly Lock OpenGate = new();

    private readonly Internal.CollectionCache collections = new();
    private readonly Lock purgeGate = new();
    private readonly LiteDbWriteQueue writes;
    private readonly Timer purgeTimer;
    private int references;
    private bool disposed;

    private SharedLiteDatabase(string filePath, TimeSpan purgeInterval)
    {
        FilePath = filePath;
        Mapper = LiteDbMapping.CreateMapper();
        Database = new LiteDatabase(LiteDbMapping.ConnectionString(filePath), Mapper) { UtcDate = true };
        writes = new LiteDbWriteQueue(Database, new Lock());
        purgeTimer = new Timer(_ => PurgeInBackground(), null, purgeInterval, purgeInterval);
    }

    public string FilePath { get; }

    public LiteDatabase Database { get; }

    public BsonMapper Mapper { get; }

    public LiteDbWriteQueue Writes => writes;

    public static SharedLiteDatabase Acquire(string filePath, TimeSpan purgeInterval)
    {
        lock (OpenGate)
        {
            if (!Open.TryGetValue(filePath, out var shared))
            {
                shared = new SharedLiteDatabase(filePath, purgeInterval);
                Open.Add(filePath, shared);
            }

            shared.references++;
            return shared;
        }
    }

    public void Release()
    {
        lock (OpenGate)
        {
            if (--references > 0)
            {
                return;
            }

            Open.Remove(FilePath);
        }

        Dispose();
    }

    public IDocumentCollection<T> Collection<T>(string name) where T : class, IDocument =>
        collections.GetOrAdd(name, n => new LiteDbCollection<T>(n, Database, Mapper, writes));

    public int PurgeExpired()
    {
        lock (purgeGate)
        {
            // The timer may fire while the file is being closed.
            return disposed ? 0 : collections.All.OfType<IExpiringCollection>().Sum(c => c.PurgeExpired());
        }
    }

    public void Dispose()
    {
        lock (purgeGate)
        {
            disposed = true;
        }

        purgeTimer.Dispose();
        writes.Dispose();
        Database.Dispose();
    }

    private void PurgeInBackground()
    {
        try
        {
            PurgeExpired();
        }
        catch (Exception)
        {
            // An exception escaping a timer callback would crash the process. Reads already hide expired
            // documents, so a failed purge only delays reclaiming space until the next tick.
        }
    }
}

internal interface IExpiringCollection
{
    int PurgeExpired();
}
