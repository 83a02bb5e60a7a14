namespace Saas.AppHost.Orchestration;

/// <summary>Something the AppHost needs before starting anything is missing; the message is the one line to print.</summary>
internal sealed class PreflightException(string message) : Exception(message);
