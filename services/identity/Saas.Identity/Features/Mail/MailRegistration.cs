using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Configuration;

namespace Saas.Identity.Features.Mail;

public static class MailRegistration
{
    /// <summary>The one line identity stops with when it would send mail nowhere.</summary>
    public const string NoTransportError =
        "Mail: no mail transport is configured: set Mail:Smtp:Host (SMTP) or RESEND_API_KEY / Mail:Resend:ApiKey (Resend). " +
        "The dev mailbox, which only logs mails, runs in Development (or with Mail:AllowDevMailbox=true)";

    /// <summary>
    /// The outbox, its sender and the transport: SMTP, Resend, or (Development, or explicitly allowed) the dev mailbox.
    /// Anywhere else a start without a transport fails with <see cref="NoTransportError"/>: a reset mail that goes
    /// nowhere while the API answers "sent" is worse than a service that does not start.
    /// </summary>
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<MailOptions>(MailOptions.SectionName)
            .Validate<IHostEnvironment>((o, environment) => o.HasTransport || o.AllowDevMailbox || environment.IsDevelopment(), NoTransportError);

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace the default handler.
        // Its own pipeline, so a Resend outage opens a circuit for Resend only; the overload taking a section throws when it is absent.
        var resilience = builder.Configuration.GetSection($"{MailOptions.SectionName}:Resend:Resilience");
        var resend = services.AddHttpClient<ResendMailTransport>(ResendMailTransport.HttpClientName).RemoveAllResilienceHandlers();
        _ = resilience.Exists() ? resend.AddStandardResilienceHandler(resilience) : resend.AddStandardResilienceHandler();
#pragma warning restore EXTEXP0001
        resend.RedactLoggedHeaders(_ => true);

        services.AddSingleton<MailOutbox>();
        services.AddSingleton<AccountMails>();
        services.AddSingleton<MailTemplates>();
        services.AddSingleton<DevMailbox>();
        services.AddSingleton<SmtpMailTransport>();
        services.AddScoped<IMailTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value switch
        {
            { UsesSmtp: true } => sp.GetRequiredService<SmtpMailTransport>(),
            { UsesResend: true } => sp.GetRequiredService<ResendMailTransport>(),
            _ => sp.GetRequiredService<DevMailbox>(),
        });
        services.AddHostedService<MailSender>();
        return builder;
    }
}
