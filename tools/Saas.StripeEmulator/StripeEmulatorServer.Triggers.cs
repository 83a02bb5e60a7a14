using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Saas.StripeEmulator;

/// <summary>
/// What a customer or Stripe itself would do later, for runs where the emulator is a process (AppHost, system tests):
/// a renewal payment failing and the subscription ending now, each sending its signed webhooks like the Pay button does.
/// </summary>
public sealed partial class StripeEmulatorServer
{
    private void MapTriggers()
    {
        var emulator = app.MapGroup("/emulator/subscriptions/{id}");
        emulator.MapPost("/fail-payment", async (string id, CancellationToken ct) =>
        {
            if (!subscriptions.ContainsKey(id))
            {
                return Results.NotFound();
            }

            await FailPaymentAsync(id, ct);
            return Results.Ok(subscriptions[id].ToJson());
        });
        emulator.MapPost("/cancel", async (string id, CancellationToken ct) =>
        {
            if (!subscriptions.ContainsKey(id))
            {
                return Results.NotFound();
            }

            await CancelNowAsync(id, ct);
            return Results.Ok(subscriptions[id].ToJson());
        });
    }
}
