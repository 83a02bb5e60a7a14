using Microsoft.Extensions.DependencyInjection;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Settings;
using Saas.Storage;
using Saas.Testing.BadInput;

namespace Saas.Admin.Tests.Security;

/// <summary>
/// Issue 15: every route of admin's OpenAPI document (the staff API; the console is HTML and not in it), fed malformed,
/// oversized, wrong-typed and non-JSON bodies, wrong-typed query parameters and tampered, expired and wrong-algorithm
/// staff tokens, answers a clear 4xx, stores nothing and forwards nothing downstream
/// (<see cref="BadInputWalk"/>, shared with identity, billing and webhooks).
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    /// <summary>Routes that read no body (a delete, a reconcile, a retry of one event): only the token cases apply.</summary>
    private static readonly HashSet<string> Bodyless =
    [
        "DELETE /api/admin/settings/{key}", "DELETE /api/admin/users/{id}/subscription", "POST /api/admin/users/{id}/reconcile",
        "DELETE /api/admin/users/{id}/usage/{feature}", "POST /api/admin/stripe-webhooks/{id}/retry",
    ];

    /// <summary>The common members plus admin's own (usage counters, bypass flag, replay options).</summary>
    private static readonly string WrongTypes = BadInputWalk.CommonWrongTypes.TrimEnd('}') +
        """, "monthly": "x", "daily": [], "total": {}, "bypassLimits": "yes", "repeatSideEffects": "x", "maxRetries": "x", "stripeSubscriptionId": 5, "stripeCustomerId": [], "setBy": 4}""";

    private StandInServices services = null!;
    private AdminApp app = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        services = await StandInServices.StartAsync();
        app = new AdminApp().WithServices(services.Url);
        client = app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await services.DisposeAsync();
    }

    [Fact]
    public async Task EveryRouteWithABody_WhenTheBodyIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var failures = await Walk.BadBodiesAsync(await Walk.OperationsAsync(atLeast: 10));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryTypedQueryParameter_WhenItIsAWord_ShouldAnswerA4xxAndStoreNothing()
    {
        var failures = await Walk.BadParametersAsync(await Walk.OperationsAsync(atLeast: 10));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryRoute_WhenTheTokenIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var valid = TestTokens.For("staff-admin", "admin");
        var expired = TestTokens.For("staff-admin", "admin", expires: DateTime.UtcNow.AddSeconds(-50));

        var failures = await Walk.ForgedTokensAsync(await Walk.OperationsAsync(atLeast: 10),
            ForgedTokens.AllFrom(valid, expired, ForgedTokens.TestKeyModulus()));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private BadInputWalk Walk => new(client, CountAsync)
    {
        Token = TestTokens.For("staff-admin", "admin"),
        Bodyless = Bodyless,
        WrongTypedBody = WrongTypes,
        Anonymous = new HashSet<string> { "GET /api/settings/public" },
    };

    /// <summary>What admin stores, and what it sent downstream (a request forwarded is a change made elsewhere).</summary>
    private async Task<long> CountAsync()
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        return await store.Collection<GlobalSetting>(GlobalSetting.CollectionName).CountAsync() +
            await store.Collection<AuditEntry>(AuditEntry.CollectionName).CountAsync() +
            services.Requests.Count(r => r.Method != "GET");
    }
}
