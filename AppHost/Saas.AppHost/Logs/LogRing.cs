namespace Saas.AppHost.Logs;

/// <summary>The last <c>capacity</c> lines of a resource's output, kept in memory for the dashboard.</summary>
public sealed class LogRing(int capacity = 1000)
{
    private readonly LogLine[] _lines = new LogLine[capacity];
    private readonly Lock _sync = new();
    private long _written;
    private Action<LogLine>[] _listeners = [];

    public void Add(LogLine line)
    {
        lock (_sync)
        {
            _lines[_written % capacity] = line;
            _written++;
            // Under the lock, so a listener sees lines in order and none between its tail and its first line.
            foreach (var listener in _listeners)
            {
                listener(line);
            }
        }
    }

    /// <summary>
    /// The kept lines (oldest first) and, from then on, every new line passed to <paramref name="listener"/> until the
    /// returned subscription is disposed: a live tail without gaps or repeats. The listener runs under the ring's lock, so
    /// it must only hand the line over (e.g. to a channel).
    /// </summary>
    public IReadOnlyList<LogLine> TailAndFollow(Action<LogLine> listener, out IDisposable subscription)
    {
        lock (_sync)
        {
            _listeners = [.. _listeners, listener];
            subscription = new Unsubscriber(this, listener);
            return Tail();
        }
    }

    private void Unfollow(Action<LogLine> listener)
    {
        lock (_sync)
        {
            _listeners = _listeners.Where(l => l != listener).ToArray();
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

    private sealed class Unsubscriber(LogRing ring, Action<LogLine> listener) : IDisposable
    {
        public void Dispose() => ring.Unfollow(listener);
    }
}
