using Microsoft.AspNetCore.Authentication.JwtBearer;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Identity.Features.Sessions;

/// <summary>
/// At identity, an access token is only good while its session lives: logout, logout-all and a password change
/// take effect at once here, not after the token's 15 minutes. Other services check the signature only.
/// </summary>
internal static class SessionCheck
{
    public static void AddSessionCheck(this IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var validated = options.Events.OnTokenValidated;
            options.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                if (context.Principal?.GetSessionId() is { } sessionId &&
                    !await context.HttpContext.RequestServices.GetRequiredService<SessionService>()
                        .IsActiveAsync(sessionId, context.HttpContext.RequestAborted))
                {
                    context.Fail("The session has ended");
                }
            };
        });
}
