namespace Saas.Webhooks.Features.Processing;

/// <summary>Which lanes' messages found a customer's lease taken while it was held.</summary>
public readonly record struct LaneKnocks(bool Live, bool Replay)
{
    /// <summary>What a lease kept in the store answers: a consumer of another process may have been turned away unseen.</summary>
    public static readonly LaneKnocks Unknown = new(true, true);

    public bool Has(ProcessingLane lane) => lane == ProcessingLane.Live ? Live : Replay;

    public LaneKnocks With(ProcessingLane lane) => lane == ProcessingLane.Live ? this with { Live = true } : this with { Replay = true };
}

/// <summary>
/// Customer leases held in this process's memory (<see cref="CustomerLeaseScope.Process"/>): the same owner and expiry
/// rules as the stored lease, at the cost of a dictionary lookup instead of a durable commit. A consumer turned away
/// leaves a knock for its lane, which the holder reads when it lets go, so it looks again only when something
/// arrived meanwhile.
/// </summary>
internal sealed class ProcessLeaseTable(TimeProvider time)
{
    private readonly object gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public bool TryAcquire(string key, string owner, TimeSpan duration, ProcessingLane? lane)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (entries.TryGetValue(key, out var held) && held.Owner != owner && held.LeasedUntil > now)
            {
                if (lane is { } knocking)
                {
                    held.Knocks = held.Knocks.With(knocking);
                }

                return false;
            }

            if (held is null || held.Owner != owner)
            {
                // Taken over from an expired holder: its knocks are ours to answer now.
                entries[key] = held = new Entry(owner) { Knocks = held?.Knocks ?? default };
            }

            held.LeasedUntil = now + duration;
            return true;
        }
    }

    public bool IsHeld(string key)
    {
        lock (gate)
        {
            return entries.TryGetValue(key, out var held) && held.LeasedUntil > time.GetUtcNow();
        }
    }

    /// <summary>Forgets the knocks so far: the holder is about to look at the customer's due events.</summary>
    public void ClearKnocks(string key, string owner)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var held) && held.Owner == owner)
            {
                held.Knocks = default;
            }
        }
    }

    /// <summary>Lets the lease go if <paramref name="owner"/> holds it; returns the knocks since the holder's last look.</summary>
    public LaneKnocks Release(string key, string owner)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var held) || held.Owner != owner)
            {
                return default;
            }

            entries.Remove(key);
            return held.Knocks;
        }
    }

    private sealed class Entry(string owner)
    {
        public string Owner { get; } = owner;
        public DateTimeOffset LeasedUntil { get; set; }
        public LaneKnocks Knocks { get; set; }
    }
}

/// <summary>Where customer leases live (<see cref="WebhooksOptions.CustomerLeaseScope"/>).</summary>
public enum CustomerLeaseScope
{
    /// <summary>In memory: right when one process owns the event log; a crash takes its leases with it.</summary>
    Process,

    /// <summary>In the store's <c>stripe_customer_leases</c>: needed when several processes share one store.</summary>
    Store,
}
