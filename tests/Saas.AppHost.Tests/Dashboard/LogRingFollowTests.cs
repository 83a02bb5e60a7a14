using Saas.AppHost.Logs;

namespace Saas.AppHost.Tests.Dashboard;

/// <summary>The console-log tail the dashboard streams: the kept lines, then every new one, none twice or lost.</summary>
public sealed class LogRingFollowTests
{
    [Fact]
    public async Task TailAndFollow_WhileLinesAreWritten_ShouldSeeEveryLineOnceInOrder()
    {
        var ring = new LogRing(capacity: 100_000);
        for (var i = 0; i < 50; i++)
        {
            ring.Add(Line(i));
        }

        var writer = Task.Run(() =>
        {
            for (var i = 50; i < 20_000; i++)
            {
                ring.Add(Line(i));
            }
        });
        var followed = new List<string>();
        var kept = ring.TailAndFollow(line => followed.Add(line.Text), out var subscription);
        await writer;
        subscription.Dispose();
        ring.Add(Line(-1));

        var seen = kept.Select(l => l.Text).Concat(followed).ToList();
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => $"line {i}"), seen);
    }

    [Fact]
    public void TailAndFollow_WhenTheRingHasWrappedAround_ShouldStartWithTheNewestKeptLines()
    {
        var ring = new LogRing(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            ring.Add(Line(i));
        }

        var kept = ring.TailAndFollow(_ => { }, out var subscription);
        subscription.Dispose();

        Assert.Equal(["line 2", "line 3", "line 4"], kept.Select(l => l.Text));
    }

    private static LogLine Line(int i) => new(DateTimeOffset.UnixEpoch, $"line {i}", IsError: false);
}
