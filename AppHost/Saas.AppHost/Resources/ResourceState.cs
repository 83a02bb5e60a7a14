namespace Saas.AppHost.Resources;

/// <summary>Where a resource is in its life; shown lower-case by the status API.</summary>
public enum ResourceState
{
    /// <summary>Not started yet, or stopped by the operator or at shutdown.</summary>
    Stopped,

    /// <summary>Process launched; waiting for its health endpoint.</summary>
    Starting,

    /// <summary>Healthy.</summary>
    Running,

    /// <summary>Was running; its health endpoint now fails. Not restarted while the process lives.</summary>
    Unhealthy,

    /// <summary>The process ended unexpectedly.</summary>
    Exited,

    /// <summary>Waiting out the backoff before the next start.</summary>
    Restarting,
}
