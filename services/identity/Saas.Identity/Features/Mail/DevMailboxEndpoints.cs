using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Storage;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Mail;

public static class DevMailboxEndpoints
{
    /// <summary>
    /// Maps <c>GET /dev-mailbox</c> and <c>GET /mail-outbox</c> on <paramref name="internalGroup"/> (the gateway never
    /// routes <c>/internal</c>).
    /// </summary>
    public static RouteGroupBuilder MapDevMailboxEndpoints(this RouteGroupBuilder internalGroup)
    {
        internalGroup.MapGet("/dev-mailbox", GetMailbox)
            .WithSummary("Mails the dev mailbox received, newest first (404 when a transport is configured).");
        internalGroup.MapGet("/mail-outbox", GetOutboxAsync)
            .WithSummary("Mails waiting or given up: counts, and the given-up ones newest first (recipient, kind, attempts, last error).");
        return internalGroup;
    }

    public static Results<Ok<DevMailboxResponse>, ProblemHttpResult> GetMailbox(
        DevMailbox mailbox, IOptions<MailOptions> options) =>
        options.Value.HasTransport
            ? ErrorResults.Error(StatusCodes.Status404NotFound, "Mail goes out through a transport: there is no dev mailbox")
            : TypedResults.Ok(new DevMailboxResponse(mailbox.Messages));

    public static async Task<Ok<MailOutboxResponse>> GetOutboxAsync(IdentityStore store, CancellationToken cancellationToken)
    {
        var pending = await store.Mails.CountAsync(m => m.Status == MailJobStatus.Pending, cancellationToken);
        var failed = await store.Mails.CountAsync(m => m.Status == MailJobStatus.Failed, cancellationToken);
        var recent = await store.Mails.FindAsync(m => m.Status == MailJobStatus.Failed,
            new QueryOptions<MailJob> { SortBy = [new(m => m.FailedAt, Descending: true)], Take = 100 }, cancellationToken);
        return TypedResults.Ok(new MailOutboxResponse(pending, failed,
            [.. recent.Select(m => new FailedMail(m.Id, m.Kind, m.To, m.Attempts, m.LastError, m.CreatedAt, m.FailedAt))]));
    }
}

public sealed record DevMailboxResponse(IReadOnlyList<DevMail> Messages);

public sealed record MailOutboxResponse(long Pending, long Failed, IReadOnlyList<FailedMail> FailedMails);

public sealed record FailedMail(string Id, string Kind, string To, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? FailedAt);
