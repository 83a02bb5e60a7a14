namespace Saas.SystemTests;

/// <summary>Waits for a condition by polling, so tests never depend on a fixed sleep.</summary>
internal static class Polling
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var last = default(T);
        Exception? lastError = null;
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                lastError = ex;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s (last value: {last}, last error: {lastError?.Message})");
    }
}
