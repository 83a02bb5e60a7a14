using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

namespace Saas.AppHost.Wiring;

/// <summary>
/// How billing and webhooks reach Stripe: the operator's <c>Stripe:*</c> settings when a secret key is given (also as
/// saasbackend's <c>STRIPE_SECRET_KEY</c>, in the environment or the repository's <c>.env</c>); otherwise the local
/// Stripe emulator with a fresh webhook secret. The services then accept the emulator's secret and any webhook secret
/// the operator configured (the webhooks service takes a comma-separated rotation list).
/// </summary>
internal sealed record StripeWiring(bool UseEmulator, IReadOnlyDictionary<string, string> Settings, string? EmulatorWebhookSecret)
{
    public const string ResourceName = "stripe";

    /// <summary>The key billing is given with the emulator: Stripe-shaped (billing checks the prefix), never a real one.</summary>
    public const string EmulatorSecretKey = "sk_test_emulator";

    private static readonly string[] Keys = ["SecretKey", "WebhookSecret", "ApiBase"];

    /// <summary>The services that talk to Stripe or verify its webhooks; no other process is given Stripe secrets.</summary>
    public static bool Consumes(string service) => service is ResourceNames.Billing or ResourceNames.Webhooks;

    public static StripeWiring Plan(IConfiguration configuration, string? envFile)
    {
        var dotEnv = envFile is null ? [] : SaasBackendEnvironment.ReadEnvFile(envFile).ToDictionary(p => p.Key, p => p.Value);
        string? Get(string key, string saasBackendName) =>
            configuration[key] is { Length: > 0 } value ? value
            : configuration[saasBackendName] is { Length: > 0 } legacy ? legacy
            : dotEnv.TryGetValue(saasBackendName, out var fromFile) && fromFile.Length > 0 ? fromFile
            : null;

        if (!string.IsNullOrWhiteSpace(Get("Stripe:SecretKey", "STRIPE_SECRET_KEY")))
        {
            var given = Keys.Where(k => !string.IsNullOrEmpty(configuration[$"Stripe:{k}"]))
                .ToDictionary(k => $"Stripe__{k}", k => configuration[$"Stripe:{k}"]!);
            return new(false, given, null);
        }

        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var operatorSecret = Get("Stripe:WebhookSecret", "STRIPE_WEBHOOK_SECRET");
        var settings = new Dictionary<string, string>
        {
            ["Stripe__SecretKey"] = EmulatorSecretKey,
            // The emulator's secret first (it signs with it), then whatever the operator set (stripe listen, own tooling).
            ["Stripe__WebhookSecret"] = operatorSecret is null ? secret : $"{secret},{operatorSecret}",
        };
        return new(true, settings, secret);
    }
}
