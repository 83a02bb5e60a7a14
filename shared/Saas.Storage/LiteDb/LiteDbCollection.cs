using System.Linq.Expressions;
using System.Text.RegularExpressions;
using LiteDB;
using Saas.Storage.Internal;

namespace Saas.Storage.LiteDb;

/// <summary>
/// LiteDB is synchronous, so reads complete synchronously. Writes (insert, replace, delete, increment) go to the
/// file's <see cref="LiteDbWriteQueue"/>, which commits waiting writes together, and run under one lock per data file:
/// this process owns the file exclusively (direct mode), so the lock makes read-check-write sequences (replace,
/// increment) atomic, and it keeps writes to different collections apart — LiteDB 5.0.20 corrupts its free-page
/// list when two threads write at once (litedb-org/LiteDB#2503, #2825).
/// </summary>
internal sealed partial class LiteDbCollection<T>(string name, LiteDatabase database, BsonMapper mapper, LiteDbWriteQueue writes)
    : IDocumentCollection<T>, IExpiringCollection where T : class, IDocument
{
    private readonly Lock writeLock = writes.WriteLock;

    private readonly ILiteCollection<BsonDocument> documents = database.GetCollection(name);
    private volatile ExpiryField<T>? expiry;

    public string Name => name;

    public Task InsertAsync(T document, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (id, version) = (document.Id, document.Version);
        var newId = string.IsNullOrEmpty(id) ? DocumentIds.New() : id;
        return writes.RunAsync(() =>
        {
            try
            {
                (document.Id, document.Version) = (newId, 1);
                return Write(() => documents.Insert(mapper.ToDocument(document)));
            }
            catch
            {
                (document.Id, document.Version) = (id, version);
                throw;
            }
        });
    }

    public Task ReplaceAsync(T document, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var expected = document.Version;
        return writes.RunAsync(() =>
        {
            var stored = Load(document.Id) ?? throw new DocumentNotFoundException(name, document.Id);
            if (stored.Version != expected)
            {
                throw new ConcurrencyConflictException(name, document.Id, expected);
            }

            try
            {
                document.Version = expected + 1;
                if (!Write(() => documents.Update(mapper.ToDocument(document))))
                {
                    throw new DocumentNotFoundException(name, document.Id);
                }
            }
            catch
            {
                document.Version = expected;
                throw;
            }

            return true;
        });
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return writes.RunAsync(() => Load(id) is not null && documents.Delete(id));
    }

    public Task EnsureIndexAsync<TKey>(
        Expression<Func<T, TKey>> key, bool unique = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(() => documents.EnsureIndex(DocumentExpressions.IndexName(key), IndexKey(key), unique));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A list is indexed by its items (<c>$.Tags[*]</c>, as MongoDB's multikey indexes do on their own): an index on
    /// the list itself would never serve <c>x.Tags.Contains(v)</c>, which LiteDB reads as <c>$.Tags[*] ANY = v</c>.
    /// </summary>
    private BsonExpression IndexKey<TKey>(Expression<Func<T, TKey>> key)
    {
        var expression = mapper.GetExpression(key);
        return typeof(TKey) != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(typeof(TKey))
            ? BsonExpression.Create(expression.Source + "[*]")
            : expression;
    }

    public Task EnsureExpiryIndexAsync(
        Expression<Func<T, DateTimeOffset?>> expiresAt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var field = new ExpiryField<T>(expiresAt);
        lock (writeLock)
        {
            documents.EnsureIndex(field.IndexName, mapper.GetExpression(expiresAt));
        }

        expiry = field;
        PurgeExpired();
        return Task.CompletedTask;
    }

    public Task<long> IncrementAsync(
        string id, Expression<Func<T, long>> field, long by = 1, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentException.ThrowIfNullOrEmpty(id);
        var counter = CounterAccessor<T>.For(field);
        return writes.RunAsync(() =>
        {
            // Built from a bare id so a new counter holds only what MongoDB's upsert would store.
            var document = Load(id) ?? mapper.ToObject<T>(new BsonDocument { ["_id"] = id });
            var value = counter.Get(document) + by;
            counter.Set(document, value);
            document.Version++;
            Write(() => documents.Upsert(mapper.ToDocument(document)));
            return value;
        });
    }

    public int PurgeExpired()
    {
        if (expiry is not { } field)
        {
            return 0;
        }

        lock (writeLock)
        {
            return documents.DeleteMany(mapper.GetExpression(field.Expired(DateTimeOffset.UtcNow)));
        }
    }

    private TResult Write<TResult>(Func<TResult> write)
    {
        // Re-entered by replace and increment, which hold the lock already (Lock is reentrant).
        using var held = writeLock.EnterScope();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return write();
            }
            catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY && !LiteDbWriteQueue.InBatch)
            {
                // An expired document the purge has not reached yet may hold the key: purge once and retry.
                if (attempt > 0 || PurgeExpired() == 0)
                {
                    var index = QuotedName().Match(e.Message);
                    throw new DuplicateKeyException(name, index.Success ? index.Groups[1].Value : "?", e);
                }
            }
        }
    }

    [GeneratedRegex("index '([^']+)'")]
    private static partial Regex QuotedName();
}
