using System.ComponentModel.DataAnnotations;

namespace Saas.Identity.Storage;

/// <summary>
/// How long identity may answer from a cached session or user when its store is shared by several replicas
/// (section <c>Identity:ReadCache</c>). The embedded store needs no setting: its one process sees every write.
/// </summary>
public sealed class ReadCacheOptions
{
    public const string SectionName = "Identity:ReadCache";

    /// <summary>
    /// With MongoDB, the longest a logout or revocation made at another replica can go unseen here (and a profile
    /// change show late in <c>/me</c>). Zero (the default) keeps every check exact: no cache.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan SharedStoreMaxAge { get; set; } = TimeSpan.Zero;
}
