namespace Saas.Benchmarks;

internal static class ResultTable
{
    /// <summary>One row per path; the ratios compare each with the first row (<paramref name="baseline"/>).</summary>
    public static void Print(IReadOnlyList<(string Name, LoadResult Result)> results, string baseline = "direct")
    {
        var first = results[0].Result;
        Console.WriteLine();
        Console.WriteLine($"{"path",-44} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7} {$"req/s vs {baseline}",16} {$"p50 vs {baseline}",14}");
        foreach (var (name, r) in results)
        {
            Console.WriteLine(
                $"{name,-44} {r.RequestsPerSecond,10:F0} {r.P50Ms,8:F3} {r.P99Ms,8:F3} {r.Errors,7} " +
                $"{r.RequestsPerSecond / first.RequestsPerSecond,16:F2} {r.P50Ms / first.P50Ms,14:F2}");
        }
    }

    /// <summary>
    /// Logins per second next to what the password hash alone allows on this machine; returns the successful logins
    /// per second (a refused login, 429 or 401, costs no hash and must not count as one).
    /// </summary>
    public static double PrintLogin(HashRate hashing, LoadResult login, int connections, TimeSpan duration)
    {
        var signedIn = Math.Max(0, login.RequestsPerSecond - login.Errors / duration.TotalSeconds);
        Console.WriteLine();
        Console.WriteLine($"{"path",-44} {"per s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"vs hashing",16}");
        Console.WriteLine(
            $"{$"password verify alone ({hashing.Threads} threads, in-process)",-44} {hashing.PerSecond,10:F1} {hashing.MsPerHash,8:F1} {"-",8} {"-",7} {1.0,16:F2}");
        Console.WriteLine(
            $"{$"login through gateway ({connections} connections)",-44} {signedIn,10:F1} {login.P50Ms,8:F1} {login.P99Ms,8:F1} {login.Errors,7} " +
            $"{signedIn / hashing.PerSecond,16:F2}");
        Console.WriteLine("(password verify p50 column: ms per verify on one thread; login per s counts successful logins only)");
        return signedIn;
    }
}
