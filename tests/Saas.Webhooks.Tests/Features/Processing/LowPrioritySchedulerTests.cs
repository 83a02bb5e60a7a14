using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Tests.Features.Processing;

/// <summary>The replay lane's threads yield the CPU to everything else: Linux nice 19 (read from /proc), kept across awaits.</summary>
public sealed class LowPrioritySchedulerTests
{
    [Fact]
    public async Task RunAsync_WhenWorkAwaits_ShouldRunBeforeAndAfterTheAwaitAtTheLowestPriority()
    {
        using var scheduler = new LowPriorityScheduler(2, "test lane");
        int before = -1, after = -1;

        await scheduler.RunAsync(async () =>
        {
            before = ThisThreadsNiceness();
            await Task.Delay(20);
            after = ThisThreadsNiceness();
        });

        Assert.Equal(LowPriorityScheduler.Niceness, before);
        Assert.Equal(LowPriorityScheduler.Niceness, after);
    }

    [Fact]
    public async Task RunAsync_ShouldLeaveTheSharedThreadPoolAtNormalPriority()
    {
        using var scheduler = new LowPriorityScheduler(1, "test lane");
        await scheduler.RunAsync(() => Task.CompletedTask);

        var pool = await Task.Run(ThisThreadsNiceness);

        Assert.Equal(0, pool);
    }

    [Fact]
    public async Task RunAsync_WhenWorkThrows_ShouldHandTheErrorToTheCaller()
    {
        using var scheduler = new LowPriorityScheduler(1, "test lane");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scheduler.RunAsync(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("replay failed");
        }));

        Assert.Equal("replay failed", error.Message);
    }

    // /proc/thread-self/stat: field 19 is the nice value; fields after the command name start at field 3.
    private static int ThisThreadsNiceness()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);
    }
}
