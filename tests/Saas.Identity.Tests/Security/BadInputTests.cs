using Saas.Testing.BadInput;

namespace Saas.Identity.Tests.Security;

/// <summary>
/// Issue 15: every public route of identity's OpenAPI document, fed malformed, oversized and wrong-typed JSON, wrong-typed
/// query parameters and tampered, expired and wrong-algorithm tokens, answers a clear 4xx (with saasbackend's
/// <c>error</c> member) and stores nothing. The walk itself is <see cref="BadInputWalk"/>, shared with the other services.
/// </summary>
public sealed class BadInputTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    /// <summary>Routes that read no JSON body (a logout, a leave): only the token cases apply to them.</summary>
    private static readonly HashSet<string> Bodyless =
    [
        "POST /api/auth/logout", "POST /api/auth/logout-all", "DELETE /api/auth/sessions/{id}",
        "PUT /api/notifications/{id}/read", "POST /api/v1/organizations/{orgId}/leave",
        "DELETE /api/v1/organizations/{orgId}", "DELETE /api/v1/organizations/{orgId}/members/{userId}",
        "DELETE /api/v1/organizations/{orgId}/invites/{inviteId}", "POST /api/v1/invites/{token}/accept",
    ];

    /// <summary>Seed 000's settings are any JSON object the front end keeps: no field has a wrong type there.</summary>
    private static readonly HashSet<string> FreeForm = ["PUT /api/user/settings"];

    /// <summary>Public documents: a token is ignored there, and nothing is stored.</summary>
    private static readonly HashSet<string> Anonymous = ["GET /.well-known/jwks.json", "GET /api/settings/public"];

    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task EveryRouteWithABody_WhenTheBodyIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var walk = await WalkAsync();

        var failures = await walk.BadBodiesAsync(await walk.OperationsAsync(atLeast: 30));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryTypedQueryParameter_WhenItIsAWord_ShouldAnswerA4xxAndStoreNothing()
    {
        var walk = await WalkAsync();

        var failures = await walk.BadParametersAsync(await walk.OperationsAsync(atLeast: 30));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryRoute_WhenTheTokenIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var walk = await WalkAsync();
        var user = await client.RegisterAsync();
        var modulus = (await (await client.GetAsync("/.well-known/jwks.json")).JsonAsync()).GetProperty("keys")[0].Str("n");
        var claims = new Dictionary<string, object> { ["sub"] = user.UserId, ["email"] = user.Email };
        var expired = await TestTokens.MintAsync(app.Services, claims, DateTime.UtcNow.AddMinutes(-30), DateTime.UtcNow.AddMinutes(-10));

        var failures = await walk.ForgedTokensAsync(await walk.OperationsAsync(atLeast: 30), ForgedTokens.AllFrom(user.Token, expired, modulus));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<BadInputWalk> WalkAsync() => new(client, CountAsync)
    {
        Token = (await client.RegisterAsync()).Token, Bodyless = Bodyless, FreeForm = FreeForm, Anonymous = Anonymous,
    };

    /// <summary>Every stored document a request could create: users, sessions, tokens, activity, organizations, invitations.</summary>
    private async Task<long> CountAsync() =>
        await app.Store.Users.CountAsync() + await app.Store.Sessions.CountAsync() + await app.Store.RefreshTokens.CountAsync() +
        await app.Store.Activity.CountAsync() + await app.Store.Organizations.CountAsync() + await app.Store.InviteTokens.CountAsync() +
        await app.Store.Notifications.CountAsync();
}
