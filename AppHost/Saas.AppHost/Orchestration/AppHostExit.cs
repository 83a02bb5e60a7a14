namespace Saas.AppHost.Orchestration;

/// <summary>The process exit code: 0 after a clean shutdown, 1 when a resource failed to start.</summary>
internal sealed class AppHostExit
{
    public const int StartFailed = 1;
    public const int InvalidConfiguration = 2;

    public int Code { get; set; }
}
