namespace Saas.FaultTests;

/// <summary>
/// Faults injected at fixed points of the stream: a sender about to send event <c>i</c> first waits for every
/// fault scheduled at or before <c>i</c>, so events really are sent while the broker is down.
/// </summary>
public sealed class ChaosSchedule
{
    private readonly List<(int At, Lazy<Task> Fault)> faults = [];

    public ChaosSchedule At(int index, Func<Task> fault)
    {
        faults.Add((index, new Lazy<Task>(fault)));
        return this;
    }

    public async Task BeforeSendingAsync(int index)
    {
        foreach (var (at, fault) in faults)
        {
            if (at <= index)
            {
                await fault.Value;
            }
        }
    }

    /// <summary>Faults whose point the stream never reached still run, so every run exercises all of them.</summary>
    public Task AllAsync() => Task.WhenAll(faults.Select(f => f.Fault.Value));
}
