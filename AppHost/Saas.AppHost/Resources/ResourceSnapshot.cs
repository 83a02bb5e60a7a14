namespace Saas.AppHost.Resources;

/// <summary>A resource as the status API shows it. <c>Type</c> is <c>rabbitmq</c> or <c>project</c>.</summary>
public sealed record ResourceSnapshot(
    string Name, string Type, string State, int? Pid, string? Url, int Restarts, DateTimeOffset? StartedAt);
