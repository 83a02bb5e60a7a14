namespace Saas.Identity.Storage;

/// <summary>
/// Counts the writes to one collection made through this process: per document id (in stripes) and for writes that
/// touch an unknown set of documents (a delete by filter). A copy read from the store together with the stamp taken
/// <em>before</em> the read is current as long as the stamp has not moved: a write that lands after the stamp was taken
/// moves it once its commit has returned, so no copy read before that commit can pass for current afterwards.
/// </summary>
public sealed class WriteStamps
{
    private const int StripeCount = 1024;
    private readonly long[] stripes = new long[StripeCount];
    private long all;

    public Stamp Take(string id) => new(Volatile.Read(ref all), Volatile.Read(ref stripes[StripeOf(id)]));

    public bool IsCurrent(string id, Stamp stamp) =>
        Volatile.Read(ref all) == stamp.All && Volatile.Read(ref stripes[StripeOf(id)]) == stamp.Document;

    /// <summary>Called once a write to <paramref name="id"/> has returned (or failed: a failed write may still have landed).</summary>
    public void Wrote(string id) => Interlocked.Increment(ref stripes[StripeOf(id)]);

    /// <summary>Called once a write to documents not known by id (a delete by filter) has returned.</summary>
    public void WroteAny() => Interlocked.Increment(ref all);

    private static int StripeOf(string id) => (int)((uint)string.GetHashCode(id, StringComparison.Ordinal) % StripeCount);

    public readonly record struct Stamp(long All, long Document);
}
