namespace Saas.AppHost.Orchestration;

/// <summary>Restart delays for a crashing process: 1 s, 2 s, 4 s … at most 30 s, so a crash loop cannot eat the machine.</summary>
internal static class Backoff
{
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>A process healthy this long has recovered: its next crash starts the sequence again at 1 s.</summary>
    public static readonly TimeSpan ResetAfter = TimeSpan.FromSeconds(60);

    public static TimeSpan Delay(int consecutiveFailures)
    {
        var exponent = Math.Clamp(consecutiveFailures - 1, 0, 10);
        return TimeSpan.FromSeconds(Math.Min(Max.TotalSeconds, Math.Pow(2, exponent)));
    }
}
