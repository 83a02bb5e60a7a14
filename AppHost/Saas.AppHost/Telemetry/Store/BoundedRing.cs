namespace Saas.AppHost.Telemetry.Store;

/// <summary>
/// A fixed-capacity buffer that overwrites its oldest item: memory stays at <c>capacity</c> items however much arrives.
/// Not thread-safe; <see cref="TelemetryStore"/> guards it.
/// </summary>
internal sealed class BoundedRing<T>(int capacity) where T : class
{
    private readonly T?[] _items = new T?[capacity];
    private int _next;

    public int Count { get; private set; }
    public int Capacity => _items.Length;

    /// <summary>Adds <paramref name="item"/>; returns the item it displaced (the oldest) when full.</summary>
    public T? Add(T item)
    {
        var evicted = _items[_next];
        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
        if (Count < _items.Length)
        {
            Count++;
            return null;
        }

        return evicted;
    }

    /// <summary>Newest first.</summary>
    public IEnumerable<T> NewestFirst()
    {
        for (var i = 1; i <= Count; i++)
        {
            yield return _items[(_next - i + _items.Length) % _items.Length]!;
        }
    }
}
