using System.Linq.Expressions;

namespace Saas.Storage;

/// <summary>Sorting and paging for <see cref="IDocumentCollection{T}.FindAsync"/>.</summary>
/// <example><code>new QueryOptions&lt;User&gt; { SortBy = [new(u =&gt; u.CreatedAt, Descending: true), new(u =&gt; u.Email)], Take = 20 }</code></example>
public sealed class QueryOptions<T>
{
    /// <summary>Sort keys, most significant first. Without one the order is unspecified.</summary>
    public IReadOnlyList<SortKey<T>> SortBy { get; init; } = [];

    /// <summary>Number of matching documents to skip (after sorting).</summary>
    public int Skip { get; init; }

    /// <summary>Maximum number of documents to return; <see langword="null"/> for all.</summary>
    public int? Take { get; init; }
}

/// <summary>One sort key: a member of <typeparamref name="T"/> and its direction.</summary>
/// <param name="Key">The member to sort by, e.g. <c>u =&gt; u.CreatedAt</c>.</param>
/// <param name="Descending">Sort from largest to smallest.</param>
public sealed record SortKey<T>(Expression<Func<T, object?>> Key, bool Descending = false);
