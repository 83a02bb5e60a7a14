using Saas.Storage;

namespace Saas.Identity.Common;

internal static class DocumentUpdates
{
    private const int Attempts = 5;

    /// <summary>
    /// Reads, changes and writes back a document, starting over when someone else wrote it in between
    /// (optimistic concurrency). <paramref name="change"/> returns false to leave the document as it is.
    /// Returns the stored document, or null when it does not exist.
    /// </summary>
    public static async Task<T?> UpdateAsync<T>(
        this IDocumentCollection<T> collection, string id, Func<T, bool> change, CancellationToken cancellationToken)
        where T : class, IDocument
    {
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
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
            }
            catch (DocumentNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>Deletes every document matching <paramref name="filter"/> (the port has no bulk delete).</summary>
    public static async Task<int> DeleteWhereAsync<T>(
        this IDocumentCollection<T> collection, System.Linq.Expressions.Expression<Func<T, bool>> filter, CancellationToken cancellationToken)
        where T : class, IDocument
    {
        var deleted = 0;
        foreach (var document in await collection.FindAsync(filter, cancellationToken: cancellationToken))
        {
            deleted += await collection.DeleteAsync(document.Id, cancellationToken) ? 1 : 0;
        }

        return deleted;
    }
}
