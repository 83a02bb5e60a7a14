namespace Saas.Benchmarks;

internal static class ResultTable
{
    public static void Print(IReadOnlyList<(string Name, LoadResult Result)> results)
    {
        var baseline = results[0].Result;
        Console.WriteLine();
        Console.WriteLine($"{"path",-24} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"req/s vs direct",16} {"p50 vs direct",14}");
        foreach (var (name, r) in results)
        {
            Console.WriteLine(
                $"{name,-24} {r.RequestsPerSecond,10:F0} {r.P50Ms,8:F3} {r.P99Ms,8:F3} {r.Errors,7} " +
                $"{r.RequestsPerSecond / baseline.RequestsPerSecond,16:F2} {r.P50Ms / baseline.P50Ms,14:F2}");
        }

        if (results.Count == 3)
        {
            var (gateway, nginx) = (results[1].Result, results[2].Result);
            Console.WriteLine();
            Console.WriteLine($"gateway vs nginx: {gateway.RequestsPerSecond / nginx.RequestsPerSecond:F2}x the req/s, {gateway.P50Ms / nginx.P50Ms:F2}x the p50");
        }
    }
}
