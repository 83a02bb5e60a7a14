using System.Threading.Channels;

namespace Saas.AppHost.Dashboard.Live;

internal static class ChannelReading
{
    /// <summary>
    /// <c>WaitToReadAsync</c> that answers false when the browser went away, so a stream simply ends (an iterator cannot
    /// catch around its <c>yield</c>s).
    /// </summary>
    public static async Task<bool> WaitOrEndAsync<T>(this ChannelReader<T> reader, CancellationToken ct)
    {
        try
        {
            return await reader.WaitToReadAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
