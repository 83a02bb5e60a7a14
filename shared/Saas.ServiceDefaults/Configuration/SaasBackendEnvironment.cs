using Microsoft.Extensions.Configuration;

namespace Saas.ServiceDefaults.Configuration;

/// <summary>
/// Reads the variables of a saasbackend <c>.env</c> file (seed 000) under their Saas keys, so a team
/// moving from saasbackend keeps its configuration. Our own keys win when both are set.
/// </summary>
public static class SaasBackendEnvironment
{
    /// <summary>saasbackend variable → Saas configuration key.</summary>
    public static readonly IReadOnlyDictionary<string, string> KeyMap = new Dictionary<string, string>
    {
        ["MONGODB_URI"] = "ConnectionStrings:mongodb",
        ["JWT_ACCESS_SECRET"] = "Jwt:LegacyAccessSecret",
        ["JWT_REFRESH_SECRET"] = "Jwt:LegacyRefreshSecret",
        ["STRIPE_SECRET_KEY"] = "Stripe:SecretKey",
        ["STRIPE_WEBHOOK_SECRET"] = "Stripe:WebhookSecret",
        ["ADMIN_USERNAME"] = "Admin:Username",
        ["ADMIN_PASSWORD"] = "Admin:Password",
        ["CORS_ORIGIN"] = "Cors:AllowedOrigins",
        ["PUBLIC_URL"] = "Billing:PublicUrl",
        ["BILLING_RETURN_URL_RELATIVE"] = "Billing:ReturnUrlRelative",
        ["RESEND_API_KEY"] = "Mail:Resend:ApiKey",
    };

    /// <summary>
    /// Adds the saasbackend variables found in the process environment and in a <c>.env</c> file in
    /// <paramref name="contentRoot"/> (or the file named by <c>SAAS_ENV_FILE</c>), beneath the sources
    /// already added, so explicitly set Saas keys take precedence.
    /// </summary>
    public static IConfigurationBuilder AddSaasBackendEnvironment(this IConfigurationBuilder configuration, string contentRoot)
    {
        var values = new Dictionary<string, string?>();
        var envFile = Environment.GetEnvironmentVariable("SAAS_ENV_FILE") ?? Path.Combine(contentRoot, ".env");
        foreach (var (name, value) in ReadEnvFile(envFile).Concat(ReadProcessEnvironment()))
        {
            if (KeyMap.TryGetValue(name, out var key))
            {
                values[key] = value;
            }
        }

        if (values.Count > 0)
        {
            // Inserted first so that appsettings, Saas-style variables and the command line override it.
            configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values });
        }

        return configuration;
    }

    /// <summary>Parses <c>KEY=value</c> lines, ignoring comments and blank lines and stripping quotes.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ReadEnvFile(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || line.IndexOf('=') is var eq && eq <= 0)
            {
                continue;
            }

            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            yield return new(line[..eq].Trim(), value);
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> ReadProcessEnvironment()
    {
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                yield return new(name, value);
            }
        }
    }
}
