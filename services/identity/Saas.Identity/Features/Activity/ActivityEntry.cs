using System.Text.Json.Serialization;
using Saas.Storage;

namespace Saas.Identity.Features.Activity;

/// <summary>One line of a user's activity log (saasbackend's ActivityLog).</summary>
public sealed class ActivityEntry : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string UserId { get; set; } = "";

    public string Action { get; set; } = "";

    public Dictionary<string, object?> Details { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed record ActivityResponse(
    [property: JsonPropertyName("_id")] string Id,
    string UserId,
    string Action,
    IReadOnlyDictionary<string, object?> Details,
    DateTimeOffset CreatedAt)
{
    public static ActivityResponse From(ActivityEntry entry) =>
        new(entry.Id, entry.UserId, entry.Action, entry.Details, entry.CreatedAt);
}
