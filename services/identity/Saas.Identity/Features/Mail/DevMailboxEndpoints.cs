using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Mail;

public static class DevMailboxEndpoints
{
    /// <summary>Maps <c>GET /dev-mailbox</c> on <paramref name="internalGroup"/> (the gateway never routes <c>/internal</c>).</summary>
    public static RouteGroupBuilder MapDevMailboxEndpoints(this RouteGroupBuilder internalGroup)
    {
        internalGroup.MapGet("/dev-mailbox", GetMailbox)
            .WithSummary("Mails the dev mailbox received, newest first (404 when SMTP is configured).");
        return internalGroup;
    }

    public static Results<Ok<DevMailboxResponse>, JsonHttpResult<ErrorResponse>> GetMailbox(
        DevMailbox mailbox, IOptions<MailOptions> options) =>
        options.Value.UsesSmtp
            ? ErrorResults.Error(StatusCodes.Status404NotFound, "Mail goes out over SMTP: there is no dev mailbox")
            : TypedResults.Ok(new DevMailboxResponse(mailbox.Messages));
}

public sealed record DevMailboxResponse(IReadOnlyList<DevMail> Messages);
