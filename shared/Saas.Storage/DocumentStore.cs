using System.Linq.Expressions;

namespace Saas.Storage;

/// <summary>
/// The storage port every service uses: a set of named document collections.
/// Registered as a singleton by <see cref="StorageServiceCollectionExtensions.AddDocumentStore"/>.
/// </summary>
/// <remarks>
/// Semantics both adapters share: string comparisons, sorting and unique indexes are ordinal (case-sensitive);
/// date/times keep millisecond precision and come back in UTC (a <see cref="DateTimeOffset"/>'s offset is not kept);
/// enums are stored by name; free-form <see cref="object"/> values
/// (e.g. a <c>Dictionary&lt;string, object?&gt;</c>, including System.Text.Json <c>JsonElement</c>s) come back as
/// primitives, <c>Dictionary&lt;string, object?&gt;</c> and <c>object?[]</c>.
/// </remarks>
public interface IDocumentStore
{
    /// <summary>Returns the collection called <paramref name="name"/>, created on first write.</summary>
    /// <param name="name">Letters, digits and <c>_</c>, starting with a letter (what both databases accept).</param>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    /// <exception cref="InvalidOperationException">
    /// The name is already in use with another document type, or with different casing.
    /// </exception>
    IDocumentCollection<T> Collection<T>(string name) where T : class, IDocument;
}

/// <summary>A collection of <typeparamref name="T"/> documents. Thread-safe.</summary>
/// <remarks>
/// Once <see cref="EnsureExpiryIndexAsync"/> has run in this process, expired documents are invisible to every
/// method (Get, Find, Count, Replace, Delete, Increment) even before they are physically purged.
/// </remarks>
public interface IDocumentCollection<T> where T : class, IDocument
{
    /// <summary>The collection name.</summary>
    string Name { get; }

    /// <summary>
    /// Inserts <paramref name="document"/>, assigning <see cref="IDocument.Id"/> when empty and setting
    /// <see cref="IDocument.Version"/> to 1 (both are restored if the insert fails).
    /// </summary>
    /// <exception cref="DuplicateKeyException">The id or a unique index key is already taken.</exception>
    Task InsertAsync(T document, CancellationToken cancellationToken = default);

    /// <summary>Returns the document with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<T?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the stored document if its version still equals <paramref name="document"/>'s
    /// <see cref="IDocument.Version"/> (compare-and-swap), then increments <see cref="IDocument.Version"/>.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Someone else wrote the document since it was read.</exception>
    /// <exception cref="DocumentNotFoundException">No (unexpired) document has this id.</exception>
    /// <exception cref="DuplicateKeyException">The new values violate a unique index.</exception>
    Task ReplaceAsync(T document, CancellationToken cancellationToken = default);

    /// <summary>Deletes the document with <paramref name="id"/>; <see langword="false"/> if there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every (unexpired) document matching <paramref name="filter"/> in one write and returns how many went.
    /// Filters follow the rules of <see cref="FindAsync"/>.
    /// </summary>
    Task<long> DeleteManyAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the documents matching <paramref name="filter"/>, optionally sorted and paged.
    /// </summary>
    /// <remarks>
    /// Keep filters to comparisons of members with values, &amp;&amp;/||/!, null tests, <c>string.Contains</c>/
    /// <c>StartsWith</c>/<c>EndsWith</c> (exact, case-sensitive), a list member's <c>Contains(value)</c> and a captured
    /// list's <c>Contains(x.Member)</c>. Parts that do not read the document are evaluated first; the SQLite adapter
    /// throws <see cref="NotSupportedException"/> for anything else rather than match wrongly.
    /// </remarks>
    Task<IReadOnlyList<T>> FindAsync(
        Expression<Func<T, bool>> filter,
        QueryOptions<T>? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Counts the documents matching <paramref name="filter"/> (all when <see langword="null"/>).</summary>
    Task<long> CountAsync(Expression<Func<T, bool>>? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates an ascending index on <paramref name="key"/> if missing. The index is named after the member path
    /// (<c>x =&gt; x.Address.City</c> gives <c>Address_City</c>); that name is reported by
    /// <see cref="DuplicateKeyException.IndexName"/>. A unique index treats missing/null as a value: only one
    /// document may lack the field. A list is indexed by its items, so <c>x =&gt; x.Tags.Contains(v)</c> seeks.
    /// </summary>
    /// <exception cref="DuplicateKeyException">Creating a unique index over data that already has duplicates.</exception>
    Task EnsureIndexAsync<TKey>(
        Expression<Func<T, TKey>> key,
        bool unique = false,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes documents expire once the time in <paramref name="expiresAt"/> has passed (null = never).
    /// Call at startup in every process: the read-side filtering is per process. Expired documents are purged
    /// in the background (MongoDB: a TTL index; SQLite: a timer, see <see cref="StorageOptions.ExpiryPurgeInterval"/>).
    /// </summary>
    Task EnsureExpiryIndexAsync(
        Expression<Func<T, DateTimeOffset?>> expiresAt,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically adds <paramref name="by"/> to <paramref name="field"/> and returns the new value. A missing
    /// document is created with only its id and the field set (= <paramref name="by"/>). Bumps
    /// <see cref="IDocument.Version"/> like any write, so a stale Replace cannot overwrite the increment.
    /// </summary>
    Task<long> IncrementAsync(
        string id,
        Expression<Func<T, long>> field,
        long by = 1,
        CancellationToken cancellationToken = default);
}
