namespace Saas.StripeEmulator;

/// <summary>
/// Runs the emulator as a process (the AppHost's <c>stripe</c> resource when no Stripe key is set):
/// <c>Saas.StripeEmulator [--port N] [--webhook-url URL] [--webhook-secret whsec_…]</c>; the same settings are read
/// from <c>STRIPE_EMULATOR_PORT</c>, <c>STRIPE_EMULATOR_WEBHOOK_URL</c> and <c>STRIPE_WEBHOOK_SECRET</c>.
/// A class with a namespace, not top-level statements, so test projects that reference it keep one global <c>Program</c>.
/// </summary>
public static class EmulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        string? Arg(string name, string variable)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : Environment.GetEnvironmentVariable(variable);
        }

        var options = new StripeEmulatorOptions
        {
            Port = int.TryParse(Arg("--port", "STRIPE_EMULATOR_PORT"), out var port) ? port : 12111,
            WebhookUrl = Arg("--webhook-url", "STRIPE_EMULATOR_WEBHOOK_URL"),
            WebhookSecret = Arg("--webhook-secret", "STRIPE_WEBHOOK_SECRET") ?? "whsec_emulator",
        };
        await using var emulator = await StripeEmulatorServer.StartAsync(options);
        Console.WriteLine($"Stripe emulator (not Stripe) listening on {emulator.BaseUrl}; webhooks to {options.WebhookUrl ?? "nowhere"}");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
        await stop.Task;
        return 0;
    }
}
