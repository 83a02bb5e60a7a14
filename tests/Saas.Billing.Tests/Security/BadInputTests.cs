using Saas.Storage;
using Saas.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Saas.Billing.Storage;
using Saas.Testing.BadInput;

namespace Saas.Billing.Tests.Security;

/// <summary>
/// Issue 15: every route of billing's OpenAPI document, fed malformed, oversized, wrong-typed and non-JSON bodies,
/// wrong-typed query parameters and tampered, expired and wrong-algorithm tokens, answers a clear 4xx and stores
/// nothing (<see cref="BadInputWalk"/>, shared with identity, webhooks and admin).
/// </summary>
public sealed class BadInputTests(BillingApp app) : IClassFixture<BillingApp>
{
    private const string UserId = "64b7f0c2a1b2c3d4e5f60718";

    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task EveryRouteWithABody_WhenTheBodyIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var failures = await Walk.BadBodiesAsync(await Walk.OperationsAsync(atLeast: 5));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryTypedQueryParameter_WhenItIsAWord_ShouldAnswerA4xxAndStoreNothing()
    {
        var failures = await Walk.BadParametersAsync(await Walk.OperationsAsync(atLeast: 5));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryRoute_WhenTheTokenIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var valid = TestTokens.For(UserId);
        var expired = TestTokens.For(UserId, expires: DateTime.UtcNow.AddSeconds(-50));

        var failures = await Walk.ForgedTokensAsync(await Walk.OperationsAsync(atLeast: 5),
            ForgedTokens.AllFrom(valid, expired, ForgedTokens.TestKeyModulus()));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private BadInputWalk Walk => new(client, CountAsync)
    {
        Token = TestTokens.For(UserId),
        // Seed 000's reconcile reads no body: only the token cases apply to it.
        Bodyless = new HashSet<string> { "POST /api/billing/reconcile-subscription" },
        // The plan catalogue is public: a token is ignored there, and nothing is stored.
        Anonymous = new HashSet<string> { "GET /api/billing/plans" },
        // The portal reads no member of its body: its 400 is "no billing account yet", about the caller, not a field.
        NoFieldAtFault = new HashSet<string> { "POST /api/billing/create-portal-session" },
    };

    private async Task<long> CountAsync()
    {
        var store = app.Services.GetRequiredService<BillingStore>();
        return await store.Customers.CountAsync() + await app.Services.GetRequiredService<IDocumentStore>().Collection<ProcessedMessage>(MessageInbox.CollectionName).CountAsync() + await store.UsageCounters.CountAsync() +
            await store.UsageResets.CountAsync() + await store.UsageBypassKeys.CountAsync() + await store.Organizations.CountAsync() +
            await store.OrganizationMembers.CountAsync();
    }
}
