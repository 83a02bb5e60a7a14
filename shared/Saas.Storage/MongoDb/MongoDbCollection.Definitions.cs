using System.Linq.Expressions;
using System.Text.RegularExpressions;
using MongoDB.Driver;

namespace Saas.Storage.MongoDb;

/// <summary>Query definitions and error translation, kept static where possible so tests can render them.</summary>
internal sealed partial class MongoDbCollection<T>
{
    private const int DuplicateKeyCode = 11000;

    internal static SortDefinition<T> Sort(IEnumerable<SortKey<T>> sortBy) =>
        Builders<T>.Sort.Combine(sortBy.Select(s => s.Descending
            ? Builders<T>.Sort.Descending(new ExpressionFieldDefinition<T>(s.Key))
            : Builders<T>.Sort.Ascending(new ExpressionFieldDefinition<T>(s.Key))));

    internal static UpdateDefinition<T> Increment(Expression<Func<T, long>> field, long by) =>
        Builders<T>.Update.Inc(field, by).Inc(x => x.Version, 1L);

    internal static IndexKeysDefinition<T> IndexKeys(LambdaExpression key) =>
        Builders<T>.IndexKeys.Ascending(new ExpressionFieldDefinition<T>(key));

    private async Task<TResult> WriteAsync<TResult>(Func<Task<TResult>> write, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                if (attempt > 0 || !await PurgeExpiredAsync(cancellationToken))
                {
                    throw Duplicate(e.WriteError.Message, e);
                }
            }
            catch (MongoCommandException e) when (e.Code == DuplicateKeyCode)
            {
                // Also raised by concurrent upserts of one id, which succeed when retried.
                if (attempt > 0)
                {
                    throw Duplicate(e.ErrorMessage, e);
                }

                await PurgeExpiredAsync(cancellationToken);
            }
        }
    }

    private async Task WriteAsync(Func<Task> write, CancellationToken cancellationToken) =>
        await WriteAsync(async () => { await write(); return true; }, cancellationToken);

    // The TTL monitor may not have removed an expired document that still holds the key.
    private async Task<bool> PurgeExpiredAsync(CancellationToken cancellationToken) =>
        expiry is { } field
        && (await collection.DeleteManyAsync(field.Expired(DateTimeOffset.UtcNow), cancellationToken)).DeletedCount > 0;

    private DuplicateKeyException Duplicate(string message, Exception inner)
    {
        var index = IndexInMessage().Match(message);
        var name = index.Success ? index.Groups[1].Value : "?";
        return new DuplicateKeyException(Name, name == "_id_" ? "_id" : name, inner);
    }

    [GeneratedRegex(@"index: (\S+)")]
    private static partial Regex IndexInMessage();
}
