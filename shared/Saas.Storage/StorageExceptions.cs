namespace Saas.Storage;

/// <summary>Base class of the storage errors callers are expected to handle.</summary>
public class StorageException(string message, Exception? innerException = null)
    : Exception(message, innerException);

/// <summary>A write would store a second document with the same id or unique index key.</summary>
public sealed class DuplicateKeyException(string collection, string indexName, Exception? innerException = null)
    : StorageException($"Duplicate key in index '{indexName}' of collection '{collection}'.", innerException)
{
    /// <summary>The collection written to.</summary>
    public string Collection { get; } = collection;

    /// <summary>The violated index: <c>_id</c>, or the member path such as <c>Email</c> or <c>Address_City</c>.</summary>
    public string IndexName { get; } = indexName;
}

/// <summary>A replace carried a version that is no longer the stored one: reload and retry.</summary>
public sealed class ConcurrencyConflictException(string collection, string id, long expectedVersion)
    : StorageException(
        $"Document '{id}' in collection '{collection}' is no longer at version {expectedVersion}.")
{
    /// <summary>The collection written to.</summary>
    public string Collection { get; } = collection;

    /// <summary>The document id.</summary>
    public string Id { get; } = id;

    /// <summary>The version the caller had read.</summary>
    public long ExpectedVersion { get; } = expectedVersion;
}

/// <summary>A replace targeted a document that does not exist (or has expired).</summary>
public sealed class DocumentNotFoundException(string collection, string id)
    : StorageException($"Document '{id}' does not exist in collection '{collection}'.")
{
    /// <summary>The collection written to.</summary>
    public string Collection { get; } = collection;

    /// <summary>The document id.</summary>
    public string Id { get; } = id;
}
