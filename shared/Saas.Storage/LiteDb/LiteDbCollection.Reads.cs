using System.Linq.Expressions;
using LiteDB;
using Saas.Storage.Internal;

namespace Saas.Storage.LiteDb;

internal sealed partial class LiteDbCollection<T>
{
    public Task<T?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Load(id));
    }

    public Task<IReadOnlyList<T>> FindAsync(
        Expression<Func<T, bool>> filter, QueryOptions<T>? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (skip, take) = QueryPaging.Validate(options);
        var sortBy = options?.SortBy ?? [];
        var query = documents.Query().Where(mapper.GetExpression(Visible(filter)));
        IEnumerable<BsonDocument> found;
        if (sortBy.Count > 1)
        {
            // LiteDB 5 sorts by one expression only: secondary keys are sorted here, with the same BSON ordering.
            found = SortInMemory(query.ToDocuments(), sortBy).Skip(skip).Take(take ?? int.MaxValue);
        }
        else
        {
            if (sortBy.Count == 1)
            {
                query = query.OrderBy(mapper.GetExpression(sortBy[0].Key), sortBy[0].Descending ? Query.Descending : Query.Ascending);
            }

            found = query.Skip(skip).Limit(take ?? int.MaxValue).ToDocuments();
        }

        return Task.FromResult<IReadOnlyList<T>>(found.Select(mapper.ToObject<T>).ToList());
    }

    public Task<long> CountAsync(Expression<Func<T, bool>>? filter = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(documents.LongCount(mapper.GetExpression(Visible(filter ?? (_ => true)))));
    }

    private T? Load(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var bson = documents.FindById(id);
        var document = bson is null ? null : mapper.ToObject<T>(bson);
        return document is not null && expiry?.IsExpired(document, DateTimeOffset.UtcNow) == true ? null : document;
    }

    private Expression<Func<T, bool>> Visible(Expression<Func<T, bool>> filter)
    {
        filter = LocalEvaluation.Apply(filter);
        return expiry?.Visible(filter, DateTimeOffset.UtcNow) ?? filter;
    }

    private IEnumerable<BsonDocument> SortInMemory(IEnumerable<BsonDocument> found, IReadOnlyList<SortKey<T>> sortBy)
    {
        var comparer = Comparer<BsonValue>.Create((a, b) => a.CompareTo(b, database.Collation));
        var keys = sortBy.Select(s => (Expression: mapper.GetExpression(s.Key), s.Descending)).ToList();
        var sorted = keys[0].Descending
            ? found.OrderByDescending(d => keys[0].Expression.ExecuteScalar(d), comparer)
            : found.OrderBy(d => keys[0].Expression.ExecuteScalar(d), comparer);
        foreach (var (expression, descending) in keys.Skip(1))
        {
            sorted = descending
                ? sorted.ThenByDescending(d => expression.ExecuteScalar(d), comparer)
                : sorted.ThenBy(d => expression.ExecuteScalar(d), comparer);
        }

        return sorted;
    }
}
