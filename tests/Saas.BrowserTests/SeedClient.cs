namespace Saas.BrowserTests;

/// <summary>Where the seed's browser client functions are: the test project's copy and, when present, the seed itself.</summary>
internal static class SeedClient
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "seed-client.js");

    /// <summary>Seed 000 (the saasbackend spec) on machines that carry it, else null.</summary>
    public static string? SeedFile { get; } = Directory.Exists("/work/shared/seeds")
        ? Directory.GetFiles("/work/shared/seeds", "000_*.txt").FirstOrDefault()
        : null;
}

/// <summary>A fact that compares with seed 000: skipped where the seed is not on the machine.</summary>
public sealed class SeedFactAttribute : FactAttribute
{
    public SeedFactAttribute()
    {
        if (SeedClient.SeedFile is null)
        {
            Skip = "seed 000 (/work/shared/seeds/000_*.txt) is not on this machine";
        }
    }
}
