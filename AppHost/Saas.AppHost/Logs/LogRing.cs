namespace Saas.AppHost.Logs;

/// <summary>The last <c>capacity</c> lines of a resource's output, kept in memory for the dashboard.</summary>
public sealed class LogRing(int capacity = 1000)
{
    private readonly LogLine[] _lines = new LogLine[capacity];
    private readonly Lock _sync = new();
    private long _written;

    public void Add(LogLine line)
    {
        lock (_sync)
        {
            _lines[_written % capacity] = line;
            _written++;
        }
    }

    /// <summary>The newest <paramref name="count"/> lines (all kept lines by default), oldest first.</summary>
    public IReadOnlyList<LogLine> Tail(int count = int.MaxValue)
    {
        lock (_sync)
        {
            var kept = (int)Math.Min(_written, capacity);
            var take = Math.Min(kept, Math.Max(count, 0));
            var result = new LogLine[take];
            for (var i = 0; i < take; i++)
            {
                result[i] = _lines[(_written - take + i) % capacity];
            }

            return result;
        }
    }
}
