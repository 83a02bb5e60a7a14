using MongoDB.Bson;
using Saas.Import.Source;
using Saas.Import.Targets;
using Saas.Storage;
using static Saas.Import.Source.SaasBackendCollections;

namespace Saas.Import;

/// <summary>How a run behaves.</summary>
public sealed record ImportRunOptions
{
    /// <summary>Reads and checks everything, writes nothing (checkpoints included).</summary>
    public bool DryRun { get; init; }

    /// <summary>Ignores the checkpoints and looks at every document again (still never overwrites).</summary>
    public bool Restart { get; init; }

    /// <summary>Documents between two checkpoint saves: at most this many are looked at again after a crash.</summary>
    public int CheckpointEvery { get; init; } = 100;
}

/// <summary>
/// Carries saasbackend's collections into our stores, one collection after the other in <c>_id</c> order.
/// Insert-only and keyed on saasbackend's <c>_id</c>s: a document already here is left alone, so a second run writes
/// nothing, and one that was stopped resumes after its checkpoint (the last <c>_id</c> handled, saved every
/// <see cref="ImportRunOptions.CheckpointEvery"/> documents). A run after the checkpoint also picks up documents
/// saasbackend created since, as ObjectIds grow with time. Conflicts — an e-mail or setting key already taken here
/// by someone else — are reported and skipped, never overwritten.
/// </summary>
public sealed class SaasBackendImporter(ISaasBackendSource source, ImportTargets targets, TimeProvider time, ImportRunOptions options)
{
    private readonly HashSet<string> plannedUsers = new(StringComparer.Ordinal);
    private readonly HashSet<string> plannedEmails = new(StringComparer.Ordinal);

    public async Task<ImportReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new ImportReport(options.DryRun);
        if (!options.DryRun)
        {
            await targets.EnsureIndexesAsync(cancellationToken);
        }

        foreach (var collection in All)
        {
            await ImportCollectionAsync(collection, report.For(collection), report, cancellationToken);
        }

        return report;
    }

    private async Task ImportCollectionAsync(
        string collection, ImportReport.CollectionReport report, ImportReport all, CancellationToken ct)
    {
        var checkpoint = options.Restart ? null : await targets.Checkpoints.GetAsync(collection, ct);
        report.StartedAfter = checkpoint?.LastId;
        string? last = null;
        var sinceSave = 0;
        await foreach (var document in source.ReadAsync(collection, checkpoint?.LastId, ct))
        {
            report.Read++;
            await ImportOneAsync(collection, document, report, all, ct);
            last = IdOf(document);
            if (++sinceSave >= options.CheckpointEvery)
            {
                checkpoint = await SaveCheckpointAsync(collection, checkpoint, last, ct);
                sinceSave = 0;
            }
        }

        if (sinceSave > 0)
        {
            await SaveCheckpointAsync(collection, checkpoint, last!, ct);
        }
    }

    private Task ImportOneAsync(string collection, BsonDocument d, ImportReport.CollectionReport report, ImportReport all, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return collection switch
        {
            Users => ImportUserAsync(d, now, report, Derived(all.For("billing customers (from users)")), ct),
            GlobalSettings => ImportSettingAsync(SaasBackendMapping.ToSetting(d, now), report, ct),
            StripeWebhookEvents => ImportEventAsync(SaasBackendMapping.ToEvent(d, now), report, ct),
            Notifications => ImportOwnedAsync(targets.Identity.Notifications, SaasBackendMapping.ToNotification(d, now), n => n.UserId,
                n => $"notification {n.Id} for user {n.UserId}: {n.Title}", report, ct),
            ActivityLogs => ImportOwnedAsync(targets.Identity.Activity, SaasBackendMapping.ToActivity(d, now), a => a.UserId,
                a => $"activity {a.Id} of user {a.UserId}: {a.Action}", report, ct),
            _ => Task.CompletedTask,
        };
    }

    private static ImportReport.CollectionReport Derived(ImportReport.CollectionReport report)
    {
        report.Derived = true;
        return report;
    }

    private async Task ImportUserAsync(
        BsonDocument d, DateTimeOffset now, ImportReport.CollectionReport report, ImportReport.CollectionReport customers, CancellationToken ct)
    {
        var user = SaasBackendMapping.ToUser(d, now);
        var users = targets.Identity.Users;
        if (await users.GetAsync(user.Id, ct) is not null)
        {
            report.AlreadyPresent++;
        }
        else if (user.Email.Length == 0)
        {
            report.Conflicts.Add($"user {user.Id} has no e-mail address: not imported");
            return;
        }
        else if (await EmailOwnerAsync(user.Email, ct) is { } owner)
        {
            report.Conflicts.Add($"user {user.Id}: {user.Email} is already used here by user {owner}: not imported");
            return;
        }
        else if (await TryInsertAsync(users, user, ct) is { } duplicate)
        {
            report.Conflicts.Add($"user {user.Id}: {user.Email} not imported ({duplicate})");
            return;
        }
        else
        {
            plannedUsers.Add(user.Id);
            plannedEmails.Add(user.Email);
            report.RecordWrite($"user {user.Id} {user.Email} ({user.SubscriptionStatus})");
        }

        // Also after a resume: the user may have been written just before the run stopped, its customer not yet.
        if (SaasBackendMapping.ToCustomer(user) is { } customer)
        {
            if (await targets.Billing.Customers.GetAsync(customer.Id, ct) is not null || await TryInsertAsync(targets.Billing.Customers, customer, ct) is not null)
            {
                customers.AlreadyPresent++;
            }
            else
            {
                customers.RecordWrite($"{customer.Id} {customer.StripeCustomerId} {customer.Stripe?.SubscriptionId} {customer.Stripe?.Status}");
            }
        }
    }

    /// <summary>Who holds <paramref name="email"/> here; in a dry run also a user this run would have written.</summary>
    private async Task<string?> EmailOwnerAsync(string email, CancellationToken ct) =>
        (await targets.Identity.Users.FindAsync(u => u.Email == email, new() { Take = 1 }, ct)).FirstOrDefault()?.Id
        ?? (options.DryRun && plannedEmails.Contains(email) ? "(earlier in this import)" : null);

    private async Task ImportSettingAsync(Saas.Admin.Features.Settings.GlobalSetting setting, ImportReport.CollectionReport report, CancellationToken ct)
    {
        if (await targets.Settings.GetAsync(setting.Id, ct) is not null)
        {
            report.AlreadyPresent++;
        }
        else if ((await targets.Settings.FindAsync(s => s.Key == setting.Key, new() { Take = 1 }, ct)).Count > 0 ||
                 await TryInsertAsync(targets.Settings, setting, ct) is not null)
        {
            report.Conflicts.Add($"setting {setting.Id}: key '{setting.Key}' is already set here: not imported");
        }
        else
        {
            report.RecordWrite($"setting {setting.Key} ({setting.Type}{(setting.IsPublic ? ", public" : "")})");
        }
    }

    private async Task ImportEventAsync(Saas.Webhooks.Features.EventLog.StripeEventDocument stripeEvent, ImportReport.CollectionReport report, CancellationToken ct)
    {
        var events = targets.Events;
        // An event this system received itself (both listened during the switch) is ours already, and more complete.
        if (await events.GetAsync(stripeEvent.Id, ct) is not null ||
            (await events.FindAsync(e => e.StripeEventId == stripeEvent.StripeEventId, new() { Take = 1 }, ct)).Count > 0 ||
            await TryInsertAsync(events, stripeEvent, ct) is not null)
        {
            report.AlreadyPresent++;
        }
        else
        {
            report.RecordWrite($"event {stripeEvent.StripeEventId} {stripeEvent.EventType} ({stripeEvent.Status})");
        }
    }

    private async Task ImportOwnedAsync<T>(
        IDocumentCollection<T> collection, T document, Func<T, string> owner, Func<T, string> describe,
        ImportReport.CollectionReport report, CancellationToken ct) where T : class, IDocument
    {
        if (await collection.GetAsync(document.Id, ct) is not null)
        {
            report.AlreadyPresent++;
        }
        else if (!plannedUsers.Contains(owner(document)) && await targets.Identity.Users.GetAsync(owner(document), ct) is null)
        {
            // Its user was not imported (a conflict) or no longer exists in saasbackend: nobody could ever see it.
            report.Orphans++;
        }
        else if (await TryInsertAsync(collection, document, ct) is not null)
        {
            report.AlreadyPresent++;
        }
        else
        {
            report.RecordWrite(describe(document));
        }
    }

    /// <summary>Inserts unless this is a dry run; returns why the store refused it (a unique key taken meanwhile), else null.</summary>
    private async Task<string?> TryInsertAsync<T>(IDocumentCollection<T> collection, T document, CancellationToken ct)
        where T : class, IDocument
    {
        if (options.DryRun)
        {
            return null;
        }

        try
        {
            await collection.InsertAsync(document, ct);
            return null;
        }
        catch (DuplicateKeyException ex)
        {
            return $"{ex.IndexName ?? "_id"} already taken";
        }
    }

    private async Task<ImportCheckpoint?> SaveCheckpointAsync(string collection, ImportCheckpoint? checkpoint, string lastId, CancellationToken ct)
    {
        if (options.DryRun)
        {
            return checkpoint;
        }

        var stored = await targets.Checkpoints.GetAsync(collection, ct);
        if (stored is null)
        {
            stored = new ImportCheckpoint { Id = collection, LastId = lastId, UpdatedAt = time.GetUtcNow() };
            await targets.Checkpoints.InsertAsync(stored, ct);
            return stored;
        }

        stored.LastId = lastId;
        stored.UpdatedAt = time.GetUtcNow();
        await targets.Checkpoints.ReplaceAsync(stored, ct);
        return stored;
    }
}
