namespace Saas.AppHost.Logs;

/// <summary>One line of a resource's console output.</summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Text, bool IsError);
