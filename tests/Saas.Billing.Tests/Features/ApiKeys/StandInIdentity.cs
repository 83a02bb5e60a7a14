using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Saas.ServiceDefaults.Authentication.ApiKeys;

namespace Saas.Billing.Tests;

/// <summary>
/// Identity's internal key lookup on a real Kestrel port: the keys a test hands out, revocable, behind the internal API
/// key. Billing's own verifier talks to it over HTTP as it talks to identity.
/// </summary>
public sealed class StandInIdentity : IAsyncDisposable
{
    public const string InternalApiKey = "stand-in-identity-internal-key-0123456789";
    private readonly ConcurrentDictionary<string, VerifiedApiKey> keys = new();
    private readonly WebApplication app;

    private StandInIdentity(WebApplication app) => this.app = app;

    public string Url => app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();

    /// <summary>How many lookups reached it.</summary>
    public int Lookups;

    public static async Task<StandInIdentity> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var identity = new StandInIdentity(app);
        app.MapGet("/internal/identity/api-keys/{hash}", (string hash, HttpRequest request) =>
        {
            Interlocked.Increment(ref identity.Lookups);
            if (request.Headers["X-Internal-Api-Key"] != InternalApiKey)
            {
                return Results.Unauthorized();
            }

            return identity.keys.TryGetValue(hash, out var key) ? Results.Ok(key) : Results.NotFound();
        });
        await app.StartAsync();
        return identity;
    }

    /// <summary>A new key for <paramref name="userId"/> with <paramref name="scopes"/>; the secret and its id.</summary>
    public (string Key, string Id) Issue(string userId, params string[] scopes)
    {
        var key = ApiKeyFormat.Generate();
        var id = Guid.NewGuid().ToString("N");
        keys[ApiKeyFormat.Hash(key)] = new VerifiedApiKey(id, userId, scopes);
        return (key, id);
    }

    public void Revoke(string key) => keys.TryRemove(ApiKeyFormat.Hash(key), out _);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
