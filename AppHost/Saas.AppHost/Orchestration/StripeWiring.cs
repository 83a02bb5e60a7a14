using System.Security.Cryptography;
using Saas.AppHost.Resources;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

namespace Saas.AppHost.Orchestration;

/// <summary>
/// How billing and webhooks reach Stripe: the operator's <c>Stripe:*</c> settings when a secret key is given, otherwise
/// the local Stripe emulator (DESIGN.md's AppHost section), started before the services with a fresh webhook secret and
/// sending its signed webhooks to the gateway.
/// </summary>
internal sealed record StripeWiring(ProjectSpec? Emulator, IReadOnlyDictionary<string, string?> Settings, IReadOnlyDictionary<string, string?> EmulatorEnvironment)
{
    public const string ResourceName = "stripe";

    /// <summary>The key billing is given with the emulator: Stripe-shaped (billing checks the prefix), never a real one.</summary>
    public const string EmulatorSecretKey = "sk_test_emulator";

    private static readonly string[] Keys = ["SecretKey", "WebhookSecret", "ApiBase"];

    /// <summary>The services that talk to Stripe or verify its webhooks; no other process is given Stripe secrets.</summary>
    public static bool Consumes(string service) => service is ResourceNames.Billing or ResourceNames.Webhooks;

    /// <summary>
    /// The operator's settings when <c>Stripe:SecretKey</c> (or saasbackend's <c>STRIPE_SECRET_KEY</c>, also in the
    /// repository's <c>.env</c>) is set; else the emulator on <paramref name="port"/>, or nothing (with a warning) when it
    /// is not built.
    /// </summary>
    public static StripeWiring Plan(IConfiguration configuration, string repoRoot, string buildConfiguration, int port, int gatewayPort)
    {
        if (HasSecretKey(configuration, repoRoot))
        {
            var given = Keys.Where(k => !string.IsNullOrEmpty(configuration[$"Stripe:{k}"]))
                .ToDictionary(k => $"Stripe__{k}", k => configuration[$"Stripe:{k}"]);
            return new(null, given, new Dictionary<string, string?>());
        }

        var dll = EmulatorDllPath(repoRoot, buildConfiguration);
        if (!File.Exists(dll))
        {
            Console.WriteLine(
                $"warning: no Stripe key and no Stripe emulator ({Path.GetRelativePath(repoRoot, dll)} is missing: dotnet build tests/Saas.StripeEmulator); Stripe routes will answer 503");
            return new(null, new Dictionary<string, string?>(), new Dictionary<string, string?>());
        }

        var url = $"http://127.0.0.1:{port}";
        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var spec = new ProjectSpec(
            ResourceName, dll, port, url, ["/"], "emulator",
            ["--port", port.ToString(), "--webhook-url", $"http://127.0.0.1:{gatewayPort}/api/stripe/webhook"]);
        var settings = new Dictionary<string, string?>
        {
            ["Stripe__SecretKey"] = EmulatorSecretKey,
            ["Stripe__ApiBase"] = url,
            ["Stripe__WebhookSecret"] = secret,
        };

        // The secret goes by environment, not on the command line where every `ps` shows it.
        return new(spec, settings, new Dictionary<string, string?> { ["STRIPE_WEBHOOK_SECRET"] = secret });
    }

    /// <summary><c>tests/Saas.StripeEmulator/bin/&lt;cfg&gt;/net10.0/Saas.StripeEmulator.dll</c>.</summary>
    public static string EmulatorDllPath(string repoRoot, string buildConfiguration) =>
        Path.Combine(repoRoot, "tests", "Saas.StripeEmulator", "bin", buildConfiguration, "net10.0", "Saas.StripeEmulator.dll");

    private static bool HasSecretKey(IConfiguration configuration, string repoRoot) =>
        !string.IsNullOrWhiteSpace(configuration["Stripe:SecretKey"])
        || !string.IsNullOrWhiteSpace(configuration["STRIPE_SECRET_KEY"])
        || SaasBackendEnvironment.ReadEnvFile(Path.Combine(repoRoot, ".env"))
            .Any(pair => pair.Key == "STRIPE_SECRET_KEY" && !string.IsNullOrWhiteSpace(pair.Value));
}
