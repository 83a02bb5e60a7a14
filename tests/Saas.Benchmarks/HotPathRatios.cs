namespace Saas.Benchmarks;

/// <summary>Every ratio of issue 17's table and issue 14's login row, from one run, next to its goal.</summary>
internal static class HotPathRatios
{
    public static void Print(
        List<(string Name, LoadResult Result)> plans, List<(string Name, LoadResult Result)> me, List<(string Name, FixedRateResult Result)> fixedRate,
        double loginVsHashing)
    {
        var (direct, viaGateway) = (plans[0].Result, plans[1].Result);
        var (bare, meDirect, meGateway) = (me[0].Result, me[1].Result, me[2].Result);
        Console.WriteLine();
        Console.WriteLine("== hot path ratios (issue 17), this run");
        Console.WriteLine($"{"what",-58} {"now",18} {"goal",22}");
        Row("plans: gateway vs direct, req/s", $"{viaGateway.RequestsPerSecond / direct.RequestsPerSecond:F2}x", ">= 0.5x", viaGateway.RequestsPerSecond / direct.RequestsPerSecond >= 0.5);
        if (plans.Count > 2)
        {
            var nginx = plans[2].Result;
            var ratio = viaGateway.RequestsPerSecond / nginx.RequestsPerSecond;
            Row("plans: gateway vs nginx, req/s", $"{ratio:F2}x", ">= 0.67x (aim 1.0x)", ratio >= 0.67);
            Row("plans: gateway vs nginx, p50", $"{viaGateway.P50Ms / nginx.P50Ms:F2}x", "(lower is better)", null);
        }

        var fixedDirect = fixedRate.First(r => r.Name == "plans direct").Result;
        var fixedGateway = fixedRate.First(r => r.Name == "plans through gateway").Result;
        var addedP50 = fixedGateway.P50Ms - fixedDirect.P50Ms;
        var addedP99 = fixedGateway.P99Ms - fixedDirect.P99Ms;
        Row("plans at 1,000 req/s: gateway's added p50", $"{addedP50:+0.000;-0.000} ms", "<= +0.2 ms", addedP50 <= 0.2);
        Row("plans at 1,000 req/s: gateway's added p99", $"{addedP99:+0.000;-0.000} ms", "<= +2 ms", addedP99 <= 2);
        Row("/api/auth/me: gateway vs bare JwtBearer, req/s", $"{meGateway.RequestsPerSecond / bare.RequestsPerSecond:F2}x", ">= 0.6x", meGateway.RequestsPerSecond / bare.RequestsPerSecond >= 0.6);
        Row("/api/auth/me: direct vs bare JwtBearer, req/s", $"{meDirect.RequestsPerSecond / bare.RequestsPerSecond:F2}x", ">= 0.7x", meDirect.RequestsPerSecond / bare.RequestsPerSecond >= 0.7);
        Row("/api/auth/me: gateway vs direct, req/s", $"{meGateway.RequestsPerSecond / meDirect.RequestsPerSecond:F2}x", "(no goal)", null);
        Row("login through gateway vs password hashing alone, per s", $"{loginVsHashing:F2}x", ">= 0.9x", loginVsHashing >= 0.9);
    }

    private static void Row(string what, string now, string goal, bool? met) =>
        Console.WriteLine($"{what,-58} {now,18} {goal,22} {met switch { true => "met", false => "SHORT", null => "" }}");
}
