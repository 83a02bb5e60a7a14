using Saas.Storage;

namespace Saas.Admin.Features.Settings;

/// <summary>A global setting as seed 000 stores it (key unique).</summary>
public sealed class GlobalSetting : IDocument
{
    public const string CollectionName = "settings";

    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string Key { get; set; } = "";

    public object? Value { get; set; }

    /// <summary>string, number, boolean or json.</summary>
    public string Type { get; set; } = "string";

    public bool IsPublic { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
