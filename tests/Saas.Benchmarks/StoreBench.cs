using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Saas.Storage;
using Saas.Storage.Sqlite;

namespace Saas.Benchmarks;

/// <summary>
/// The embedded store next to the disk it sits on, measured side by side in one run: one durable commit at a time,
/// then 32 writers at once, for the SQLite adapter (a 2-KB webhook-event-like document, seven indexes, WAL with
/// synchronous=FULL) and for a bare write+fdatasync of the same number of bytes. The fsync is the floor: a durable
/// commit cannot be cheaper than one, so the single-commit ratio shows the store's own overhead, and the 32-writer
/// ratio shows what group commit gains over one fsync per write.
/// </summary>
internal static class StoreBench
{
    private const int Writers = 32;

    public static async Task RunAsync(TimeSpan duration)
    {
        // On the real disk, never tmpfs: the point is what an fsync costs.
        var work = Directory.CreateTempSubdirectory("saas-bench-store-");
        try
        {
            var size = JsonSerializer.Serialize(NewEvent(0)).Length;
            Console.WriteLine();
            Console.WriteLine($"== Store: one durable commit, and {Writers} concurrent commits ({work.FullName}, {size}-byte document)");
            using var store = new SqliteDocumentStore(Path.Combine(work.FullName, "bench.sqlite"));
            var events = store.Collection<BenchEvent>("events");
            await EnsureIndexesAsync(events);

            var counter = 0;
            Func<Task> insert = () => events.InsertAsync(NewEvent(Interlocked.Increment(ref counter)));
            var bytes = new byte[size];
            Random.Shared.NextBytes(bytes);
            var files = Enumerable.Range(0, Writers)
                .Select(i => new FileStream(Path.Combine(work.FullName, $"fsync-{i}.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                .ToArray();
            Func<int, Task> fsync = writer =>
            {
                // Overwritten in place: the same bytes a commit writes, without growing a file at every write.
                var file = files[writer];
                file.Position = 0;
                file.Write(bytes);
                file.Flush();
                // fdatasync, as SQLite's unix VFS syncs its WAL: fsync would also flush the mtime every write changes.
                if (fdatasync((int)file.SafeFileHandle.DangerousGetHandle()) != 0)
                {
                    throw new IOException($"fdatasync failed: errno {Marshal.GetLastPInvokeError()}");
                }

                return Task.CompletedTask;
            };

            await MeasureAsync(1, TimeSpan.FromSeconds(1), _ => insert()); // warm-up: statements prepared, file grown
            var sqliteOne = await MeasureAsync(1, duration, _ => insert());
            var fsyncOne = await MeasureAsync(1, duration, fsync);
            var sqliteMany = await MeasureAsync(Writers, duration, _ => insert());
            var fsyncMany = await MeasureAsync(Writers, duration, fsync);
            foreach (var file in files)
            {
                file.Dispose();
            }

            Console.WriteLine();
            Console.WriteLine($"{"what",-52} {"commits/s",10} {"p50 ms",8} {"p99 ms",8} {"vs fsync",9}");
            Print("SQLite adapter, one commit at a time", sqliteOne, fsyncOne);
            Print("bare write+fdatasync, one at a time", fsyncOne, fsyncOne);
            Print($"SQLite adapter, {Writers} concurrent writers (group commit)", sqliteMany, fsyncMany);
            Print($"bare write+fdatasync, {Writers} threads, a file each", fsyncMany, fsyncMany);
            Console.WriteLine($"single commit latency, SQLite / fsync: {sqliteOne.P50Ms / fsyncOne.P50Ms:F2}x the p50; " +
                $"{Writers} concurrent, SQLite / fsync: {sqliteMany.PerSecond / fsyncMany.PerSecond:F2}x the commits/s " +
                $"(SQLite {Writers} writers vs one: {sqliteMany.PerSecond / sqliteOne.PerSecond:F1}x)");
        }
        finally
        {
            // The readers' pooled connections would keep the file open.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    private static void Print(string name, Rate rate, Rate fsync) =>
        Console.WriteLine($"{name,-52} {rate.PerSecond,10:F0} {rate.P50Ms,8:F3} {rate.P99Ms,8:F3} {rate.PerSecond / fsync.PerSecond,9:F2}");

    private static async Task<Rate> MeasureAsync(int writers, TimeSpan duration, Func<int, Task> operation)
    {
        var latencies = new List<double>[writers];
        var clock = Stopwatch.StartNew();
        // Dedicated threads: the bare fsync blocks its thread, and the pool would add threads only slowly.
        var tasks = Enumerable.Range(0, writers).Select(writer => Task.Factory.StartNew(async () =>
        {
            var mine = latencies[writer] = [];
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(writer);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }, TaskCreationOptions.LongRunning).Unwrap()).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Rate(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];

    private static async Task EnsureIndexesAsync(IDocumentCollection<BenchEvent> events)
    {
        // The webhook event log's seven indexes.
        await events.EnsureIndexAsync(e => e.StripeEventId, unique: true);
        await events.EnsureIndexAsync(e => e.Status);
        await events.EnsureIndexAsync(e => e.OrderingKey);
        await events.EnsureIndexAsync(e => e.NextAttemptAt);
        await events.EnsureIndexAsync(e => e.StripeCreated);
        await events.EnsureIndexAsync(e => e.CustomerId);
        await events.EnsureIndexAsync(e => e.EventType);
    }

    private static BenchEvent NewEvent(int i) => new()
    {
        StripeEventId = $"evt_{Guid.NewGuid():N}",
        Status = "received",
        OrderingKey = $"cus_{i % 500:D6}",
        CustomerId = $"cus_{i % 500:D6}",
        EventType = "customer.subscription.updated",
        StripeCreated = DateTimeOffset.UtcNow,
        NextAttemptAt = DateTimeOffset.UtcNow,
        Payload = new string('x', 1800),
    };

    [DllImport("libc", SetLastError = true)]
    private static extern int fdatasync(int fd);

    private sealed record Rate(double PerSecond, double P50Ms, double P99Ms);

    private sealed class BenchEvent : IDocument
    {
        public string Id { get; set; } = "";
        public long Version { get; set; }
        public string StripeEventId { get; set; } = "";
        public string Status { get; set; } = "";
        public string OrderingKey { get; set; } = "";
        public string CustomerId { get; set; } = "";
        public string EventType { get; set; } = "";
        public DateTimeOffset StripeCreated { get; set; }
        public DateTimeOffset? NextAttemptAt { get; set; }
        public string Payload { get; set; } = "";
    }
}
