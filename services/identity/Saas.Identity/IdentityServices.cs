using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.ApiKeys;
using Saas.Identity.Features.Mail;
using Saas.Identity.Features.Notifications;
using Saas.Identity.Features.Organizations;
using Saas.Identity.Features.PasswordReset;
using Saas.Identity.Features.Profile;
using Saas.Identity.Features.Staff;
using Saas.Identity.Features.Sessions;
using Saas.Identity.Features.Tokens;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Authentication.ApiKeys;
using Saas.ServiceDefaults.Configuration;
using Saas.ServiceDefaults.Messaging;
using Saas.ServiceDefaults.Security;
using Saas.Storage;
using Saas.Identity.Http;
using Saas.Identity.Storage;

namespace Saas.Identity;

public static class IdentityServices
{
    public static IHostApplicationBuilder AddIdentityServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDocumentStore(builder.Configuration, ResourceNames.Identity);
        services.AddStoreInitializer<IdentityStore>();
        services.AddValidatedOptions<ReadCacheOptions>(ReadCacheOptions.SectionName);
        services.AddMessageInbox();
        services.AddHostedService<IdentityStartup>();
        services.AddSingleton(TimeProvider.System);

        services.AddValidatedOptions<AccountOptions>(AccountOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) =>
                o.PublicUrl ??= configuration["Billing:PublicUrl"] ?? "http://localhost:3000")
            .RequireInternalApiKeyOutsideDevelopment("Identity:InternalApiKey", o => o.InternalApiKey);
        services.AddValidatedOptions<TokenOptions>(TokenOptions.SectionName)
            .Validate<IHostEnvironment>((o, environment) => environment.IsDevelopment() || !string.IsNullOrEmpty(o.SigningKeyEncryptionSecret),
                "Identity:Tokens:SigningKeyEncryptionSecret: required outside Development (32+ characters, the same in every identity " +
                "replica); it encrypts the token signing keys in identity's store")
            .ValidateOnStart();
        services.AddSingleton<SigningKeyProtector>();
        services.AddValidatedOptions<LoginThrottlingOptions>(LoginThrottlingOptions.SectionName);
        services.AddValidatedOptions<ResetThrottlingOptions>(ResetThrottlingOptions.SectionName);

        // Identity checks tokens against its own key ring (registered here too), and that their session still exists.
        builder.AddJwtValidation<SigningKeyRing>();
        services.AddSessionCheck();
        services.AddStoreInitializer<ApiKeyStore>();
        builder.AddApiKeyAuthentication<StoreApiKeyVerifier>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<SessionService>();

        services.AddSingleton<Passwords>();
        services.AddSingleton<PasswordGuessThrottle>();
        services.AddSingleton<ResetRequestThrottle>();
        services.AddSingleton<OneTimeTokens>();
        services.AddHttpContextAccessor();
        services.AddSingleton<ActivityLog>();
        services.AddSingleton<Notifier>();
        services.AddMessageOutbox();
        services.AddSingleton<OrganizationChanges>();
        services.AddSingleton<AccountDeletion>();
        services.AddSingleton<EmailChanges>();
        // Organizations keep the events of their changes inside the document (see OrganizationChanges).
        services.AddPendingEventsRelay(sp => sp.GetRequiredService<IdentityStore>().Organizations, relay =>
        {
            relay.AfterRelayedAsync = (sp, organization, ct) => sp.GetRequiredService<OrganizationChanges>().RemoveIfDeletedAsync(organization, ct);
            relay.AlsoSweep = organization => organization.Deleted;
        });

        builder.AddMail();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsTimestampConverter()));
        // The gateway forwards the client's address; per-IP login throttling needs it.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AccountOptions>>((o, account) =>
            o.Trust(account.Value.TrustedProxies, keepLoopback: true));
        return builder;
    }

    /// <summary>Identity's middleware ahead of the service defaults: the real client address first.</summary>
    public static WebApplication UseIdentityPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseServiceDefaults();
        return app;
    }
}
