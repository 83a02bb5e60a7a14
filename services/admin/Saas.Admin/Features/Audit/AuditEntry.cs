using Saas.Storage;

namespace Saas.Admin.Features.Audit;

/// <summary>One staff action: who (and in which role, signed in how), what, on what, before/after, request id, when.</summary>
public sealed class AuditEntry : IDocument
{
    public const string CollectionName = "audit_log";

    public string Id { get; set; } = "";

    public long Version { get; set; }

    public DateTimeOffset At { get; set; }

    public string ActorId { get; set; } = "";

    public string? ActorEmail { get; set; }

    public string Role { get; set; } = "";

    /// <summary><c>basic</c> or <c>jwt</c>.</summary>
    public string AuthMethod { get; set; } = "";

    /// <summary>For example <c>user.subscription.override</c>, <c>webhook.replay</c>, <c>setting.upsert</c>.</summary>
    public string Action { get; set; } = "";

    public string TargetType { get; set; } = "";

    public string? TargetId { get; set; }

    public object? Before { get; set; }

    public object? After { get; set; }

    public string RequestId { get; set; } = "";
}
