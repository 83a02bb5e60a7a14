using Microsoft.Extensions.DependencyInjection;
using Saas.Storage;
using Saas.StripeEmulator;
using Saas.Testing;
using Saas.Testing.BadInput;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Tests.Security;

/// <summary>
/// Issue 15: every route of webhooks' OpenAPI document (Stripe's intake; its /internal API is not published), fed
/// malformed, oversized, wrong-typed and non-JSON bodies that carry a valid Stripe signature, and forged tokens, answers
/// a clear 4xx and stores no event
/// (<see cref="BadInputWalk"/>, shared with identity, billing and admin).
/// </summary>
public sealed class BadInputTests(WebhooksApp app) : IClassFixture<WebhooksApp>
{
    private const string UserId = "64b7f0c2a1b2c3d4e5f60718";

    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task EveryRouteWithABody_WhenTheBodyIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var failures = await Walk.BadBodiesAsync(await Walk.OperationsAsync(atLeast: 2));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryTypedQueryParameter_WhenItIsAWord_ShouldAnswerA4xxAndStoreNothing()
    {
        var failures = await Walk.BadParametersAsync(await Walk.OperationsAsync(atLeast: 2));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryRoute_WhenTheTokenIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var valid = TestTokens.For(UserId);
        var expired = TestTokens.For(UserId, expires: DateTime.UtcNow.AddSeconds(-50));

        var failures = await Walk.ForgedTokensAsync(await Walk.OperationsAsync(atLeast: 2),
            ForgedTokens.AllFrom(valid, expired, ForgedTokens.TestKeyModulus()));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Every bad body is correctly signed, so it is judged on its content, not turned away for its signature.</summary>
    private BadInputWalk Walk => new(client, CountAsync)
    {
        Token = TestTokens.For(UserId),
        Prepare = async request =>
        {
            var payload = request.Content is null ? "" : await request.Content.ReadAsStringAsync();
            request.Headers.Add("Stripe-Signature", StripeSignature.Sign(payload, WebhooksApp.Secret, app.Time.GetUtcNow()));
        },
        // A Stripe event is judged whole ("not a Stripe event: id, type, created and data…"), not member by member.
        NoFieldAtFault = new HashSet<string> { "POST /api/stripe/webhook", "POST /api/stripe-webhook" },
    };

    private Task<long> CountAsync() =>
        app.Services.GetRequiredService<IDocumentStore>().Collection<StripeEventDocument>(StripeEventLog.CollectionName).CountAsync();
}
