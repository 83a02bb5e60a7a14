namespace Saas.Storage;

/// <summary>
/// A document stored in an <see cref="IDocumentCollection{T}"/>: a plain class with settable properties.
/// </summary>
public interface IDocument
{
    /// <summary>
    /// Primary key, stored as <c>_id</c>. Left empty, <see cref="IDocumentCollection{T}.InsertAsync"/> assigns
    /// a 24-hex-digit, time-ordered ObjectId-style string.
    /// </summary>
    string Id { get; set; }

    /// <summary>
    /// Optimistic concurrency token: 1 after insert, incremented by every successful write. Callers never set it;
    /// they send back the value they read.
    /// </summary>
    long Version { get; set; }
}
