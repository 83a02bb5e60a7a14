namespace Saas.Identity.Tests.Features.Mail;

/// <summary>Waits for background work (the mail sender) to reach a state, failing with a timeout otherwise.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null) =>
        await ValueAsync(async () => await condition() ? true : (bool?)null, timeout);

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null) where T : struct
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }

            await Task.Delay(25);
        }
    }
}
