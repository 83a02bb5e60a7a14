using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Errors;

namespace Saas.ServiceDefaults.Security;

/// <summary>
/// <c>/internal/**</c> routes are for other services (admin) on the private network; the gateway never routes them.
/// Callers must also present the shared key, so reaching the network is not enough. Outside Development a service
/// refuses to start without the key; in Development (AppHost on one machine) an empty key leaves the routes open.
/// </summary>
public static class InternalApiKeyExtensions
{
    /// <summary>The header carrying the key.</summary>
    public const string HeaderName = "X-Internal-Api-Key";

    /// <summary>Shortest key accepted outside Development: 128 bits written as hex, or a longer passphrase.</summary>
    public const int MinimumLength = 32;

    /// <summary>
    /// Requires <see cref="HeaderName"/> to equal the key <paramref name="expectedKey"/> returns (compared in constant
    /// time); answers 401 <c>{ error }</c> otherwise. No key configured passes only in Development.
    /// </summary>
    public static TBuilder RequireInternalApiKey<TBuilder>(this TBuilder builder, Func<IServiceProvider, string?> expectedKey)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).AddEndpointFilter(async (context, next) =>
        {
            var services = context.HttpContext.RequestServices;
            var expected = expectedKey(services);
            if (string.IsNullOrEmpty(expected))
            {
                // Fails closed: the start-up check keeps this from happening outside Development.
                return services.GetRequiredService<IHostEnvironment>().IsDevelopment()
                    ? await next(context)
                    : ErrorResults.Unauthorized("Internal API key required");
            }

            return Matches(context.HttpContext.Request.Headers[HeaderName].ToString(), expected)
                ? await next(context)
                : ErrorResults.Unauthorized("Internal API key required");
        });

    /// <summary>Constant-time comparison of the presented key with the expected one (hashes first, so lengths leak nothing).</summary>
    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>
    /// Stops the start outside Development unless <paramref name="select"/> gives a key of at least
    /// <see cref="MinimumLength"/> characters; the failure is one line naming <paramref name="configurationKey"/>.
    /// </summary>
    public static OptionsBuilder<TOptions> RequireInternalApiKeyOutsideDevelopment<TOptions>(
        this OptionsBuilder<TOptions> options, string configurationKey, Func<TOptions, string?> select)
        where TOptions : class =>
        options.Validate<IHostEnvironment>(
            (o, environment) => environment.IsDevelopment() || select(o) is { Length: >= MinimumLength },
            $"{configurationKey}: the internal API key is required outside Development (at least {MinimumLength} characters, " +
            "the same secret in every service; see README.md \"Security\")")
        .ValidateOnStart();
}
