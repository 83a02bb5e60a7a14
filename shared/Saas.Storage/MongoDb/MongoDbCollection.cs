using System.Linq.Expressions;
using MongoDB.Driver;
using Saas.Storage.Internal;

namespace Saas.Storage.MongoDb;

/// <summary>Thin mapping of the port onto MongoDB, where every write is atomic on the server.</summary>
internal sealed partial class MongoDbCollection<T>(IMongoCollection<T> collection) : IDocumentCollection<T>
    where T : class, IDocument
{
    private volatile ExpiryField<T>? expiry;

    public string Name => collection.CollectionNamespace.CollectionName;

    public async Task InsertAsync(T document, CancellationToken cancellationToken = default)
    {
        var (id, version) = (document.Id, document.Version);
        try
        {
            document.Id = string.IsNullOrEmpty(id) ? DocumentIds.New() : id;
            document.Version = 1;
            await WriteAsync(() => collection.InsertOneAsync(document, cancellationToken: cancellationToken), cancellationToken);
        }
        catch
        {
            (document.Id, document.Version) = (id, version);
            throw;
        }
    }

    public async Task<T?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await collection.Find(Visible(DocumentExpressions.ById<T>(id))).FirstOrDefaultAsync(cancellationToken);

    public async Task ReplaceAsync(T document, CancellationToken cancellationToken = default)
    {
        var (id, expected) = (document.Id, document.Version);
        Expression<Func<T, bool>> stillExpected = x => x.Id == id && x.Version == expected;
        ReplaceOneResult result;
        try
        {
            document.Version = expected + 1;
            result = await WriteAsync(
                () => collection.ReplaceOneAsync(Visible(stillExpected), document, cancellationToken: cancellationToken),
                cancellationToken);
        }
        catch
        {
            document.Version = expected;
            throw;
        }

        if (result.MatchedCount == 0)
        {
            document.Version = expected;
            throw await GetAsync(id, cancellationToken) is null
                ? new DocumentNotFoundException(Name, id)
                : new ConcurrencyConflictException(Name, id, expected);
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        (await collection.DeleteOneAsync(Visible(DocumentExpressions.ById<T>(id)), cancellationToken)).DeletedCount > 0;

    public async Task<long> DeleteManyAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken = default) =>
        (await collection.DeleteManyAsync(Visible(filter), cancellationToken)).DeletedCount;

    public async Task<IReadOnlyList<T>> FindAsync(
        Expression<Func<T, bool>> filter, QueryOptions<T>? options = null, CancellationToken cancellationToken = default)
    {
        var (skip, take) = QueryPaging.Validate(options);
        if (take == 0)
        {
            return []; // Limit(0) means "no limit" to MongoDB.
        }

        var find = collection.Find(Visible(filter));
        if (options?.SortBy is { Count: > 0 } sortBy)
        {
            find = find.Sort(Sort(sortBy));
        }

        return await find.Skip(skip).Limit(take).ToListAsync(cancellationToken);
    }

    public Task<long> CountAsync(Expression<Func<T, bool>>? filter = null, CancellationToken cancellationToken = default) =>
        collection.CountDocumentsAsync(Visible(filter ?? (_ => true)), cancellationToken: cancellationToken);

    public Task EnsureIndexAsync<TKey>(
        Expression<Func<T, TKey>> key, bool unique = false, CancellationToken cancellationToken = default) =>
        CreateIndexAsync(key, new CreateIndexOptions { Name = DocumentExpressions.IndexName(key), Unique = unique }, cancellationToken);

    public async Task EnsureExpiryIndexAsync(
        Expression<Func<T, DateTimeOffset?>> expiresAt, CancellationToken cancellationToken = default)
    {
        var field = new ExpiryField<T>(expiresAt);
        await CreateIndexAsync(expiresAt, new CreateIndexOptions { Name = field.IndexName, ExpireAfter = TimeSpan.Zero }, cancellationToken);
        expiry = field;
    }

    public async Task<long> IncrementAsync(
        string id, Expression<Func<T, long>> field, long by = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (expiry is { } expiring)
        {
            // The TTL monitor runs only every 60 s; an expired counter must restart rather than continue.
            var expiredCounter = DocumentExpressions.And(DocumentExpressions.ById<T>(id), expiring.Expired(DateTimeOffset.UtcNow));
            await collection.DeleteOneAsync(expiredCounter, cancellationToken);
        }

        var update = Increment(field, by);
        var options = new FindOneAndUpdateOptions<T> { IsUpsert = true, ReturnDocument = ReturnDocument.After };
        var document = await WriteAsync(
            () => collection.FindOneAndUpdateAsync(DocumentExpressions.ById<T>(id), update, options, cancellationToken),
            cancellationToken);
        return CounterAccessor<T>.For(field).Get(document);
    }

    private Task CreateIndexAsync(LambdaExpression key, CreateIndexOptions options, CancellationToken cancellationToken) =>
        WriteAsync(
            () => collection.Indexes.CreateOneAsync(
                new CreateIndexModel<T>(IndexKeys(key), options),
                cancellationToken: cancellationToken),
            cancellationToken);

    private FilterDefinition<T> Visible(Expression<Func<T, bool>> filter)
    {
        filter = LocalEvaluation.Apply(filter);
        return expiry?.Visible(filter, DateTimeOffset.UtcNow) ?? filter;
    }
}
