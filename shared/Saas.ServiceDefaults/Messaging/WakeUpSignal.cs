using System.Threading.Channels;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>
/// What a store-backed queue and its background sender share (the event outbox, the mail outbox): the writer signals
/// after storing, and the sender runs a pass at once instead of at its next poll. Signals coalesce: one pending is
/// enough, since a pass takes everything due.
/// </summary>
public sealed class WakeUpSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Signal() => channel.Writer.TryWrite(true);

    /// <summary>
    /// Runs <paramref name="pass"/> until <paramref name="stoppingToken"/> ends, each time the signal comes or
    /// <paramref name="pollInterval"/> has passed (retries and work left by an earlier run). A failed pass is reported
    /// to <paramref name="onFailure"/> and the loop goes on.
    /// </summary>
    public async Task RunAsync(
        Func<CancellationToken, Task> pass, Func<TimeSpan> pollInterval, Action<Exception> onFailure, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                onFailure(ex);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(pollInterval());
            try
            {
                if (await channel.Reader.WaitToReadAsync(timeout.Token))
                {
                    channel.Reader.TryRead(out _);
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }
}
