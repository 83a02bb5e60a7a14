using System.Text.Json;
using Saas.Admin.Features.Staff;
using Saas.Storage;

namespace Saas.Admin.Features.Audit;

/// <summary>
/// Writes audit entries; also logged, so an operator sees staff actions without querying the store. The log is read
/// newest first: its index on the time is made before the service starts.
/// </summary>
public sealed class AuditLog(IDocumentStore store, TimeProvider time, ILogger<AuditLog> logger) : IStoreInitializer
{
    public IDocumentCollection<AuditEntry> Entries => store.Collection<AuditEntry>(AuditEntry.CollectionName);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        Entries.EnsureIndexAsync(e => e.At, cancellationToken: cancellationToken);

    public Task RecordAsync(
        HttpContext context, string action, string targetType, string? targetId, object? before, object? after, CancellationToken ct) =>
        RecordAsync(StaffMember.From(context.User), context, action, targetType, targetId, before, after, ct);

    /// <summary>As the other overload, naming the actor: a sign-in attempt is audited before anyone is signed in.</summary>
    public async Task RecordAsync(
        StaffMember staff, HttpContext context, string action, string targetType, string? targetId, object? before, object? after,
        CancellationToken ct)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow(),
            ActorId = staff.Id,
            ActorEmail = staff.Email,
            Role = staff.Role,
            AuthMethod = staff.Method,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Before = ToElement(before),
            After = ToElement(after),
            RequestId = context.TraceIdentifier,
        };
        logger.LogInformation("Audit: {Actor} ({Role}) {Action} {TargetType} {TargetId}", staff.Label, staff.Role, action, targetType, targetId);
        // The action itself has happened: losing its audit entry to a cancelled request would be worse.
        await Entries.InsertAsync(entry, CancellationToken.None);
    }

    private static object? ToElement(object? value) => value switch
    {
        null => null,
        JsonElement e => e,
        _ => JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web),
    };
}
