namespace Saas.Storage;

/// <summary>Which writes the embedded store's single writer takes first when several are waiting.</summary>
public enum WritePriority
{
    /// <summary>Work that may wait (replays, bulk jobs): taken after everything else waiting, never left out.</summary>
    Background,

    /// <summary>The default.</summary>
    Normal,

    /// <summary>A caller answering a request that another system waits on (webhook intake): taken first.</summary>
    Urgent,
}

/// <summary>
/// Sets the priority of the writes started in the current async flow, for as long as the returned scope lives:
/// <c>using (StoreWrites.Prioritize(WritePriority.Urgent)) await collection.InsertAsync(doc);</c>.
/// The SQLite adapter orders its group-commit batches by it; MongoDB ignores it (the server schedules its own writes).
/// </summary>
public static class StoreWrites
{
    private static readonly AsyncLocal<WritePriority?> Current = new();

    /// <summary>The priority of a write started here now.</summary>
    public static WritePriority Priority => Current.Value ?? WritePriority.Normal;

    /// <summary>Writes started in this flow until the scope is disposed get <paramref name="priority"/>.</summary>
    public static IDisposable Prioritize(WritePriority priority)
    {
        var previous = Current.Value;
        Current.Value = priority;
        return new Scope(previous);
    }

    private sealed class Scope(WritePriority? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
