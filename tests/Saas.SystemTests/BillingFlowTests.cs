using System.Net;
using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>
/// The purchase flow end to end (issue 5's "Show"): the gateway, the AppHost's Stripe emulator and its signed webhooks,
/// webhooks → RabbitMQ → billing → identity, watched through <c>GET /api/auth/me</c>. (The broker killed mid-way is in
/// <see cref="SupervisionTests"/>, on a system of its own.)
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class BillingFlowTests(SharedSystem system) : IDisposable
{
    /// <summary>
    /// A webhook secret the operator configured (as from <c>stripe listen</c>): with the emulator running, the services
    /// must accept it as well as the emulator's own secret (issue 13, item 4).
    /// </summary>
    public const string OperatorWebhookSecret = "whsec_operator_configured_for_system_tests";

    /// <summary>The AppHost's settings this class needs: no Stripe key (so the emulator runs) and the operator's secret.</summary>
    public static readonly Dictionary<string, string> AppHostSettings = new() { ["Stripe:WebhookSecret"] = OperatorWebhookSecret };

    /// <summary>billing's appsettings.json: plan 1 is "pro" (price_pro_monthly) with a 14-day trial; off, a paid checkout is <c>active</c> at once.</summary>
    public static readonly Dictionary<string, string> Settings = new() { ["Billing__Plans__1__TrialDays"] = "0" };

    private readonly BillingGateway _billing = new(system);

    [Fact]
    public async Task Subscription_WhenPaidThenPaymentFailsThenCancelled_ShouldShowActivePastDueCancelledOnMe()
    {
        var (token, subscriptionId) = await _billing.SubscribeToProAsync();

        await _billing.TriggerAsync($"/emulator/subscriptions/{subscriptionId}/fail-payment");
        await _billing.WaitForStatusAsync(token, "past_due");

        await _billing.TriggerAsync($"/emulator/subscriptions/{subscriptionId}/cancel");
        await _billing.WaitForStatusAsync(token, "cancelled");
    }

    /// <summary>Issue 13, item 4: the operator's STRIPE_WEBHOOK_SECRET is honoured next to the emulator's own.</summary>
    [Fact]
    public async Task Webhook_WhenSignedWithTheOperatorsSecretWhileTheEmulatorRuns_ShouldBeAccepted()
    {
        var payload = SignedStripeEvents.SubscriptionUpdated($"evt_operator_{Guid.NewGuid():N}"[..28]);

        var accepted = await _billing.PostWebhookAsync(payload, OperatorWebhookSecret);
        var refused = await _billing.PostWebhookAsync(payload, "whsec_nobody_configured_this_secret");

        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.True((int)refused is >= 400 and < 500, $"a webhook signed with an unknown secret answered {(int)refused}");
        Assert.Equal("Running", system.Host.Snapshot("stripe")?.State?.Text);
    }

    public void Dispose() => _billing.Dispose();
}
