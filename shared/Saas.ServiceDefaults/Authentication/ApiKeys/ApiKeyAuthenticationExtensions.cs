using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Saas.ServiceDefaults.Configuration;

namespace Saas.ServiceDefaults.Authentication.ApiKeys;

/// <summary>API keys beside access tokens, on a service that already calls <c>AddJwtValidation</c>.</summary>
public static class ApiKeyAuthenticationExtensions
{
    /// <summary>The default scheme once keys are on: an API key goes to <see cref="ApiKeyAuthenticationHandler"/>, the rest to JwtBearer.</summary>
    public const string SelectorScheme = "BearerOrApiKey";

    /// <summary>Accepts API keys, checked with identity over its internal API (cached, see <see cref="ApiKeyOptions"/>).</summary>
    public static IHostApplicationBuilder AddApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ApiKeyOptions>(ApiKeyOptions.SectionName)
            .PostConfigure<IConfiguration>((o, configuration) => o.IdentityApiKey ??= configuration["Identity:InternalApiKey"]);
        builder.Services.AddHttpClient(IdentityApiKeyVerifier.HttpClientName, (sp, client) =>
            client.BaseAddress = new Uri(IdentityAddress.From(sp.GetRequiredService<IConfiguration>())));
        builder.Services.TryAddSingleton<IApiKeyVerifier, IdentityApiKeyVerifier>();
        return builder.AddApiKeySchemes();
    }

    /// <summary>Accepts API keys, checked by <typeparamref name="TVerifier"/> (identity looks in its own store).</summary>
    public static IHostApplicationBuilder AddApiKeyAuthentication<TVerifier>(this IHostApplicationBuilder builder)
        where TVerifier : class, IApiKeyVerifier
    {
        builder.Services.AddSingleton<IApiKeyVerifier, TVerifier>();
        return builder.AddApiKeySchemes();
    }

    private static IHostApplicationBuilder AddApiKeySchemes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.PresentedKey(context.Request) is not null
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme);
        // Registered after AddJwtValidation's AddAuthentication(JwtBearer): this default wins.
        builder.Services.Configure<AuthenticationOptions>(o => o.DefaultScheme = SelectorScheme);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiKeyScopeEnforcement>();
        return builder;
    }
}
