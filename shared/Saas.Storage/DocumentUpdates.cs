namespace Saas.Storage;

/// <summary>
/// The one optimistic update loop every service uses: read the document, apply a change, write it back with
/// compare-and-swap on <see cref="IDocument.Version"/>, and start over from the fresh copy when someone else wrote
/// in between — at most a bounded number of times.
/// </summary>
public static class DocumentUpdates
{
    /// <summary>Reads-and-writes tried before the conflict is given to the caller.</summary>
    public const int DefaultMaxAttempts = 20;

    /// <summary>
    /// Applies <paramref name="change"/> to the stored document and writes it back. <paramref name="change"/> returns
    /// false to leave the document as it is; it may run more than once (on a fresh copy each time), so it must not
    /// have side effects beyond the document. Returns the document as written, as found when unchanged, or
    /// <see langword="null"/> when there is none (or it was deleted meanwhile).
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Every attempt lost to another writer.</exception>
    public static async Task<T?> UpdateAsync<T>(
        this IDocumentCollection<T> collection,
        string id,
        Func<T, bool> change,
        CancellationToken cancellationToken = default,
        int maxAttempts = DefaultMaxAttempts)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var document = await collection.GetAsync(id, cancellationToken);
            if (document is null || !change(document))
            {
                return document;
            }

            try
            {
                await collection.ReplaceAsync(document, cancellationToken);
                return document;
            }
            catch (ConcurrencyConflictException) when (attempt < maxAttempts)
            {
                await BackOffAsync(attempt, cancellationToken);
            }
            catch (DocumentNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// As <see cref="UpdateAsync{T}"/>, but a missing document is made by <paramref name="create"/> (with
    /// <paramref name="id"/>) and inserted when <paramref name="change"/> returns true. Returns the stored document
    /// (<see langword="null"/> when there was none and <paramref name="change"/> declined) and whether this call wrote.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Every attempt lost to another writer.</exception>
    public static async Task<(T? Document, bool Written)> UpsertAsync<T>(
        this IDocumentCollection<T> collection,
        string id,
        Func<T> create,
        Func<T, bool> change,
        CancellationToken cancellationToken = default,
        int maxAttempts = DefaultMaxAttempts)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await collection.GetAsync(id, cancellationToken);
            var document = stored ?? create();
            document.Id = id;
            if (!change(document))
            {
                return (stored, false);
            }

            try
            {
                await (stored is null
                    ? collection.InsertAsync(document, cancellationToken)
                    : collection.ReplaceAsync(document, cancellationToken));
                return (document, true);
            }
            catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException
                                           or DuplicateKeyException { IndexName: "_id" } && attempt < maxAttempts)
            {
                // Someone else inserted, replaced or deleted it first: decide again on what they left.
                await BackOffAsync(attempt, cancellationToken);
            }
            catch (Exception ex) when (ex is DocumentNotFoundException or DuplicateKeyException { IndexName: "_id" })
            {
                throw new ConcurrencyConflictException(collection.Name, id, document.Version);
            }
        }
    }

    // A short random pause, growing with the attempts, keeps a crowd of writers from colliding in lockstep.
    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        attempt < 2 ? Task.CompletedTask : Task.Delay(Random.Shared.Next(1, Math.Min(4 * attempt, 50)), cancellationToken);
}
