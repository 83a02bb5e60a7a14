namespace Saas.AppHost.Resources;

/// <summary>
/// A resource as the status API shows it. <c>Type</c> is <c>rabbitmq</c>, <c>mongodb</c>, <c>project</c> or <c>emulator</c>;
/// <c>Health</c> is what its health endpoint last answered; <c>Managed</c> is false for what is configured externally
/// (the AppHost neither starts nor stops it).
/// </summary>
public sealed record ResourceSnapshot(
    string Name, string Type, string State, int? Pid, string? Url, int Restarts, DateTimeOffset? StartedAt,
    string? Health = null, bool Managed = true);
