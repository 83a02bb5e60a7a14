using Microsoft.Data.Sqlite;
using Saas.Storage.Internal;

namespace Saas.Storage.Sqlite;

/// <summary>
/// Embedded <see cref="IDocumentStore"/> on one SQLite file; the default when no MongoDB is configured.
/// WAL journal with <c>synchronous=FULL</c>: a write's task completes only after its commit reached the disk.
/// Writes go through one connection with group commit (<see cref="SqliteWriteQueue"/>); reads use pooled connections
/// of their own and run while a write commits. Dispose to close the file.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore, IDisposable
{
    private readonly CollectionCache collections = new();
    private readonly string readConnectionString;
    private readonly SqliteConnection writeConnection;
    private readonly SqliteWriteQueue writes;
    private readonly SqliteReaders readers;
    private readonly Timer purgeTimer;
    private int disposed;

    /// <summary>Opens or creates the store.</summary>
    /// <param name="filePath">The data file; its folder must exist.</param>
    /// <param name="expiryPurgeInterval">How often expired documents are deleted; default one minute.</param>
    public SqliteDocumentStore(string filePath, TimeSpan? expiryPurgeInterval = null)
    {
        FilePath = Path.GetFullPath(filePath);
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
        };
        readConnectionString = connection.ToString();
        // The writer keeps its connection for the store's lifetime: no pool needed, and pragmas set once stick.
        writeConnection = new SqliteConnection(new SqliteConnectionStringBuilder(readConnectionString) { Pooling = false }.ToString());
        writeConnection.Open();
        using (var pragmas = writeConnection.CreateCommand())
        {
            // journal_mode is kept in the file; synchronous=FULL makes each WAL commit wait for fsync, so no acknowledged
            // write is lost on power failure (NORMAL would only protect against a process crash).
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
            pragmas.ExecuteNonQuery();
        }

        writes = new SqliteWriteQueue(writeConnection);
        readers = new SqliteReaders(readConnectionString);
        var interval = expiryPurgeInterval ?? TimeSpan.FromMinutes(1);
        purgeTimer = new Timer(_ => PurgeInBackground(), null, interval, interval);
    }

    /// <summary>The absolute path of the data file.</summary>
    public string FilePath { get; }

    internal SqliteWriteQueue Writes => writes;

    /// <inheritdoc />
    public IDocumentCollection<T> Collection<T>(string name) where T : class, IDocument
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return collections.GetOrAdd(name, n => new SqliteCollection<T>(n, this));
    }

    /// <summary>Rents a read connection with its prepared statements: WAL lets it read the last commit while the writer commits.</summary>
    internal SqliteReaders.Reader RentReader() => readers.Rent();

    internal int PurgeExpired() =>
        collections.All.OfType<ISqliteExpiring>().Sum(c => writes.RunAsync(c.PurgeExpired).GetAwaiter().GetResult());

    /// <summary>Waits for queued writes, then closes the file (checkpointing the WAL into it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        purgeTimer.Dispose();
        writes.Dispose();
        readers.Dispose();
        writeConnection.Dispose();
        using var reader = new SqliteConnection(readConnectionString);
        SqliteConnection.ClearPool(reader);
    }

    private void PurgeInBackground()
    {
        try
        {
            if (Volatile.Read(ref disposed) == 0)
            {
                PurgeExpired();
            }
        }
        catch (Exception)
        {
            // An exception escaping a timer callback would crash the process. Reads already hide expired
            // documents, so a failed purge (or one racing Dispose) only delays reclaiming space.
        }
    }
}

internal interface ISqliteExpiring
{
    int PurgeExpired(SqliteConnection connection);
}
