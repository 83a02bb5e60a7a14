using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Saas.ServiceDefaults.Configuration;
using Saas.ServiceDefaults.Security;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>Bearer-token validation against identity's keys, shared by every service that has signed-in users.</summary>
public static class JwtValidationExtensions
{
    /// <summary>Name of the HttpClient that fetches the JWKS (resilience handler and service discovery apply).</summary>
    public const string JwksHttpClientName = "saas-jwks";

    /// <summary>
    /// Adds JwtBearer authentication (the default scheme) and authorization. Tokens must be RS256 with a known
    /// <c>kid</c>, <c>typ</c> <c>at+jwt</c>, and carry the configured issuer and audience
    /// (<see cref="JwtValidationOptions"/>); keys come from identity's JWKS at <c>services:identity:http:0</c>.
    /// While <c>Jwt:LegacyAccessTokensUntil</c> is set and in the future, saasbackend's HS256 access tokens signed with
    /// <c>Jwt:LegacyAccessSecret</c> are accepted too, their user id as <c>sub</c> and no roles.
    /// Failures answer 401/403 ProblemDetails carrying saasbackend's <c>error</c> member (<see cref="Errors.ErrorResults"/>).
    /// <see cref="Extensions.UseServiceDefaults"/> puts the middleware in the pipeline.
    /// </summary>
    public static IHostApplicationBuilder AddJwtValidation(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<ISigningKeySource, JwksSigningKeySource>();
        builder.Services.AddHttpClient(JwksHttpClientName);
        // Without the key a service would trust whatever answers on identity's address (plain http in a cluster).
        builder.Services.AddOptions<JwtValidationOptions>()
            .RequireInternalApiKeyOutsideDevelopment("ApiKeys:IdentityApiKey", o => o.JwksSignatureKey);
        return builder.AddJwtValidationCore();
    }

    /// <summary>
    /// Like <see cref="AddJwtValidation(IHostApplicationBuilder)"/>, with the keys read from
    /// <typeparamref name="TKeySource"/> instead of over HTTP (identity validates against its own key ring).
    /// </summary>
    public static IHostApplicationBuilder AddJwtValidation<TKeySource>(this IHostApplicationBuilder builder)
        where TKeySource : class, ISigningKeySource
    {
        // One instance serves both the service's own use of TKeySource and validation.
        builder.Services.TryAddSingleton<TKeySource>();
        builder.Services.AddSingleton<ISigningKeySource>(sp => sp.GetRequiredService<TKeySource>());
        return builder.AddJwtValidationCore();
    }

    /// <summary>Adds authentication and authorization to the pipeline when <c>AddJwtValidation</c> registered them.</summary>
    public static WebApplication UseJwtValidation(this WebApplication app)
    {
        // Asks whether it is registered without building it (and what it depends on) this early.
        if (app.Services.GetService<IServiceProviderIsService>()?.IsService(typeof(SigningKeyCache)) == true)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        return app;
    }

    private static IHostApplicationBuilder AddJwtValidationCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<JwtValidationOptions>(JwtValidationOptions.SectionName)
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                o.JwksUri ??= $"{IdentityAddress.From(configuration)}/.well-known/jwks.json";
                o.JwksSignatureKey ??= configuration["ApiKeys:IdentityApiKey"] ?? configuration["Admin:IdentityApiKey"];
            });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SigningKeyCache>();
        builder.Services.TryAddSingleton<LegacyAccessTokens>();
        builder.Services.TryAddSingleton<ValidatedTokenCache>();
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorization();
        return builder;
    }

    private sealed class ConfigureJwtBearer(
        IOptions<JwtValidationOptions> validation, SigningKeyCache keys, LegacyAccessTokens legacy, ValidatedTokenCache validated,
        TimeProvider time)
        : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != JwtBearerDefaults.AuthenticationScheme)
            {
                return;
            }

            var settings = validation.Value;
            options.MapInboundClaims = false;
            // A token validated before skips parsing and the signature check; lifetime and key are checked again.
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new CachingJsonWebTokenHandler(validated) { MapInboundClaims = false });
            options.ConfigurationManager = keys;
            options.RefreshOnIssuerKeyNotFound = true;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                ValidAlgorithms = [JwtValidationOptions.Algorithm],
                ValidTypes = [JwtValidationOptions.AccessTokenType],
                ClockSkew = settings.ClockSkew,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                NameClaimType = SaasClaims.Subject,
                RoleClaimType = SaasClaims.Role,
                // The library reads the system clock; services (and tests with a fake clock) use TimeProvider.
                LifetimeValidator = (notBefore, expires, _, parameters) =>
                {
                    var now = time.GetUtcNow().UtcDateTime;
                    return expires is { } end && now < end + parameters.ClockSkew &&
                           (notBefore is not { } start || start <= now + parameters.ClockSkew);
                },
            };
            // Without the opt-in nothing of saasbackend's is even looked at: its HS256 tokens meet the RS256 pin and fail.
            options.Events = JwtErrorEvents.Create(keys, settings.LegacyAccessTokensUntil is null ? null : legacy, validated);
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}
