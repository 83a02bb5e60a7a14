namespace Saas.Testing.Broker;

/// <summary>The last few lines a process printed, for error messages that say why it failed.</summary>
public sealed class RecentLines(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _sync = new();

    public void Add(string line)
    {
        lock (_sync)
        {
            _lines.Enqueue(line);
            if (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_sync)
        {
            return string.Join(Environment.NewLine, _lines.Select(l => "  " + l));
        }
    }
}
