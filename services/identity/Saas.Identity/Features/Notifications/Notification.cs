using System.Text.Json.Serialization;
using Saas.Storage;

namespace Saas.Identity.Features.Notifications;

/// <summary>An in-app notification (saasbackend's Notification).</summary>
public sealed class Notification : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string UserId { get; set; } = "";

    /// <summary><c>info</c>, <c>success</c>, <c>warning</c> or <c>error</c>.</summary>
    public string Type { get; set; } = "info";

    public string Title { get; set; } = "";

    public string Message { get; set; } = "";

    public bool Read { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed record NotificationResponse(
    [property: JsonPropertyName("_id")] string Id,
    string UserId,
    string Type,
    string Title,
    string Message,
    bool Read,
    DateTimeOffset CreatedAt)
{
    public static NotificationResponse From(Notification n) => new(n.Id, n.UserId, n.Type, n.Title, n.Message, n.Read, n.CreatedAt);
}
