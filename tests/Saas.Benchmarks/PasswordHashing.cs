using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Saas.Benchmarks;

internal sealed record HashRate(double PerSecond, double MsPerHash, int Threads);

/// <summary>
/// ASP.NET Core Identity's PasswordHasher alone (what identity's login spends most of its time in), verifying on one
/// thread per core for the given time: the ceiling for logins per second on this machine.
/// </summary>
internal static class PasswordHashing
{
    public static HashRate Measure(int iterations, TimeSpan duration)
    {
        var hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));
        var hash = hasher.HashPassword(new object(), "bench-password-1");
        if (hasher.VerifyHashedPassword(new object(), hash, "bench-password-1") != PasswordVerificationResult.Success)
        {
            throw new InvalidOperationException("the hasher does not verify its own hash");
        }

        var threads = Environment.ProcessorCount;
        var counts = new long[threads];
        var clock = Stopwatch.StartNew();
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                hasher.VerifyHashedPassword(null!, hash, "bench-password-1");
                counts[i]++;
            }
        }) { IsBackground = true }).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        var elapsed = clock.Elapsed.TotalSeconds;
        var total = counts.Sum();
        return new HashRate(total / elapsed, elapsed * 1000 * threads / total, threads);
    }

    public static HashRate Mean(HashRate a, HashRate b) => new((a.PerSecond + b.PerSecond) / 2, (a.MsPerHash + b.MsPerHash) / 2, a.Threads);
}
