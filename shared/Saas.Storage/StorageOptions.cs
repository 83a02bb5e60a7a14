using System.ComponentModel.DataAnnotations;

namespace Saas.Storage;

/// <summary>Settings of the embedded (SQLite) store, bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// Folder holding <c>&lt;serviceName&gt;.sqlite</c> (and, before its one-time import, a LiteDB <c>&lt;serviceName&gt;.db</c>); relative paths start at the content root.
    /// Default: <c>&lt;content root&gt;/.data/&lt;serviceName&gt;</c>.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>How often expired documents are physically deleted from the data file.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ExpiryPurgeInterval { get; set; } = TimeSpan.FromMinutes(1);
}
