using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

namespace Saas.AppHost.Wiring;

/// <summary>
/// A newcomer's first <c>./saas up</c> has no operator account (none unless <c>ADMIN_USERNAME</c> and
/// <c>ADMIN_PASSWORD</c> are set), so <c>/admin</c> would refuse every sign-in. In Development only, the AppHost then
/// gives admin a one-time account for this start and prints how to sign in and how to make it permanent. Outside
/// Development nothing is created: an operator there sets the account on purpose.
/// </summary>
internal static class FirstStartOperator
{
    public const string UserName = "operator";

    /// <summary>The one-time password, or null when an account is configured or this is not Development.</summary>
    public static string? Plan(IConfiguration configuration, AppHostSettings settings)
    {
        if (!string.Equals(settings.EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var dotEnv = settings.EnvFile is { } file ? SaasBackendEnvironment.ReadEnvFile(file).ToDictionary(p => p.Key, p => p.Value) : [];
        bool Given(string key, string saasBackendName) =>
            configuration[key] is { Length: > 0 } || configuration[saasBackendName] is { Length: > 0 }
            || dotEnv.TryGetValue(saasBackendName, out var value) && value.Length > 0;

        return Given("Admin:Username", "ADMIN_USERNAME") && Given("Admin:Password", "ADMIN_PASSWORD")
            ? null
            : Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
    }

    /// <summary>Gives admin the account; the returned line is printed next to the gateway's once the system is up.</summary>
    public static string WithFirstStartOperator(this IResourceBuilder<BuiltServiceResource> admin, string password, int gatewayPort)
    {
        admin.WithEnvironment("Admin__Username", UserName).WithEnvironment("Admin__Password", password);
        return $"Console: http://localhost:{gatewayPort}/admin — sign in as '{UserName}' with the one-time password {password} " +
               "(new at each start; set ADMIN_USERNAME and ADMIN_PASSWORD in .env for a permanent operator account)";
    }
}
