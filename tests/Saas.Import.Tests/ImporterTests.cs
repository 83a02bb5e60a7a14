using System.Runtime.CompilerServices;
using MongoDB.Bson;
using Saas.Identity.Features.Accounts;
using Saas.Import.Source;
using static Saas.Import.Source.SaasBackendCollections;

namespace Saas.Import.Tests;

public sealed class ImporterTests
{
    [Fact]
    public async Task Import_WhenGivenSaasBackendDocuments_ShouldWriteEveryServicesStoreKeepingTheIds()
    {
        await using var stores = new TargetStores();
        var deployment = SaasBackendDocuments.Sample();

        var report = await stores.ImportAsync(deployment.Source);

        Assert.Equal(0, report.Conflicts);
        await using var targets = stores.Open();
        var alice = (await targets.Identity.Users.GetAsync(deployment.AliceId))!;
        Assert.Equal("alice@example.com", alice.Email);
        Assert.Equal(SaasBackendDocuments.PasswordHash, alice.PasswordHash);
        Assert.Equal("active", alice.SubscriptionStatus);
        Assert.Equal("sub_Alice", alice.StripeSubscriptionId);
        Assert.Equal("dark", alice.Settings["theme"]);
        Assert.Equal(SaasBackendDocuments.Created, alice.CreatedAt.UtcDateTime);
        // saasbackend's mixed-case address is found by the normalised e-mail we log in with.
        Assert.Equal("bob@example.com", (await targets.Identity.Users.GetAsync(deployment.BobId))!.Email);

        var customer = (await targets.Billing.Customers.GetAsync($"user:{deployment.AliceId}"))!;
        Assert.Equal("cus_Alice", customer.StripeCustomerId);
        Assert.Equal(("sub_Alice", "active"), (customer.Stripe!.SubscriptionId, customer.Stripe.Status));
        Assert.Null(await targets.Billing.Customers.GetAsync($"user:{deployment.BobId}"));

        var failed = (await targets.Events.FindAsync(e => e.StripeEventId == "evt_1Failed")).Single();
        Assert.Equal(("invoice.payment_failed", "failed", 3, "cus_Alice"), (failed.EventType, failed.Status, failed.RetryCount, failed.CustomerId));
        Assert.Contains("User not found", failed.ProcessingErrors.Single());
        Assert.Null(failed.NextAttemptAt);
        Assert.Contains("\"evt_1Failed\"", failed.Payload);

        var setting = (await targets.Settings.FindAsync(s => s.Key == "maintenance_mode")).Single();
        Assert.Equal((false, "boolean", true), (setting.Value, setting.Type, setting.IsPublic));

        var notifications = await targets.Identity.Notifications.FindAsync(n => n.UserId == deployment.AliceId);
        Assert.Equal("Welcome!", notifications.Single().Title);
        Assert.Equal(1, report.Collections[Notifications].Orphans);
        Assert.Equal(2, await targets.Identity.Activity.CountAsync());
    }

    [Fact]
    public async Task Import_WhenRunTwice_ShouldWriteNothingTheSecondTime()
    {
        await using var stores = new TargetStores();
        var deployment = SaasBackendDocuments.Sample();
        var first = await stores.ImportAsync(deployment.Source);

        var second = await stores.ImportAsync(deployment.Source);
        // Even looking at every document again (checkpoints ignored), nothing already here is written.
        var restarted = await stores.ImportAsync(deployment.Source, new ImportRunOptions { Restart = true });

        Assert.Equal(10, first.Written); // 2 users + 1 billing customer + 2 settings + 2 events + 1 notification + 2 activity
        Assert.Equal(0, second.Written);
        Assert.Equal(0, second.Collections.Values.Sum(c => c.Read));
        Assert.Equal(0, restarted.Written);
        Assert.Equal(0, restarted.Conflicts);
        await using var targets = stores.Open();
        Assert.All(await targets.Identity.Users.FindAsync(_ => true), u => Assert.Equal(1, u.Version));
        Assert.All(await targets.Events.FindAsync(_ => true), e => Assert.Equal(1, e.Version));
    }

    [Fact]
    public async Task Import_WhenStoppedHalfway_ShouldResumeAfterTheCheckpoint()
    {
        await using var stores = new TargetStores();
        var users = Enumerable.Range(1, 10)
            .Select(i => SaasBackendDocuments.User(ObjectId.Parse($"65a0000000000000000000{i:x2}"), $"user{i}@example.com"))
            .ToArray();
        var source = new InMemorySaasBackendSource().Add(Users, users);
        var options = new ImportRunOptions { CheckpointEvery = 3 };

        // The process dies while reading the 8th user: 7 are written, the checkpoint stands after the 6th.
        await Assert.ThrowsAsync<IOException>(() => stores.ImportAsync(new FailingSource(source, Users, failAt: 8), options));
        var resumed = await stores.ImportAsync(source, options);

        Assert.Equal(users[5]["_id"].ToString(), resumed.Collections[Users].StartedAfter);
        Assert.Equal(4, resumed.Collections[Users].Read);
        Assert.Equal(3, resumed.Collections[Users].Written);
        Assert.Equal(1, resumed.Collections[Users].AlreadyPresent);
        await using var targets = stores.Open();
        Assert.Equal(10, await targets.Identity.Users.CountAsync());
    }

    [Fact]
    public async Task Import_WhenTheEmailIsAlreadyUsedHere_ShouldReportTheConflictAndKeepOurAccount()
    {
        await using var stores = new TargetStores();
        await using (var targets = stores.Open())
        {
            await targets.EnsureIndexesAsync(CancellationToken.None);
            await targets.Identity.Users.InsertAsync(new User { Id = "ours000000000000000000001", Email = "alice@example.com", PasswordHash = "ours" });
        }

        var report = await stores.ImportAsync(SaasBackendDocuments.Sample().Source);

        var conflict = Assert.Single(report.Collections[Users].Conflicts);
        Assert.Contains("alice@example.com", conflict);
        Assert.Contains("ours000000000000000000001", conflict);
        await using var after = stores.Open();
        var alice = (await after.Identity.Users.FindAsync(u => u.Email == "alice@example.com")).Single();
        Assert.Equal(("ours000000000000000000001", "ours", 1L), (alice.Id, alice.PasswordHash, alice.Version));
        // What was hers in saasbackend has no account to belong to here, so it is not carried over.
        Assert.Equal(0, await after.Identity.Notifications.CountAsync());
        Assert.Null(await after.Billing.Customers.GetAsync("user:65a000000000000000000001"));
    }

    [Fact]
    public async Task DryRun_ShouldPrintCountsExamplesAndConflictsButWriteNothing()
    {
        await using var stores = new TargetStores();
        var source = SaasBackendDocuments.Sample().Source
            .Add(Users, SaasBackendDocuments.User(ObjectId.Parse("65a000000000000000000003"), "ALICE@example.com"));

        var report = await stores.ImportAsync(source, new ImportRunOptions { DryRun = true });
        var printed = new StringWriter();
        report.Print(printed);

        Assert.Equal(10, report.Written);
        Assert.Contains("DRY RUN", printed.ToString());
        Assert.Contains("users: 3 read (after the start), 2 would write", printed.ToString());
        Assert.Contains("e.g. user 65a000000000000000000001 alice@example.com (active)", printed.ToString());
        Assert.Contains("conflict: user 65a000000000000000000003: alice@example.com", printed.ToString());
        Assert.DoesNotContain(SaasBackendDocuments.PasswordHash, printed.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(stores.DataDirectory));
        await using var targets = stores.Open();
        Assert.Equal(0, await targets.Identity.Users.CountAsync());
        Assert.Equal(0, await targets.Checkpoints.CountAsync());
        var real = await stores.ImportAsync(source);
        Assert.Equal(report.Written, real.Written);
    }

    /// <summary>The source as a crash sees it: the read of document <c>failAt</c> of one collection fails.</summary>
    private sealed class FailingSource(ISaasBackendSource inner, string collection, int failAt) : ISaasBackendSource
    {
        public async IAsyncEnumerable<BsonDocument> ReadAsync(
            string name, string? afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var count = 0;
            await foreach (var document in inner.ReadAsync(name, afterId, cancellationToken))
            {
                if (name == collection && ++count == failAt)
                {
                    throw new IOException("connection to saasbackend's MongoDB lost");
                }

                yield return document;
            }
        }
    }
}
