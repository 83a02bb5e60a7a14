namespace Saas.AppHost.Tests.Support;

/// <summary>Polls until a condition holds (exports are asynchronous); fails with the last value seen, never on time alone.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        T last = await read();
        while (!done(last))
        {
            if (timeout.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"gave up waiting for {what}; last seen: {System.Text.Json.JsonSerializer.Serialize(last)}");
            }

            await Task.Delay(200);
            last = await read();
        }

        return last;
    }
}
