using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saas.Webhooks.Tests.Support;

/// <summary>Stripe's <c>GET /v1/events</c> on a loopback port, answering with the events it is given.</summary>
public sealed class FakeStripeApi : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeStripeApi(WebApplication app) => this.app = app;

    public ConcurrentQueue<string> Queries { get; } = new();

    public string BaseAddress => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<FakeStripeApi> StartAsync(params string[] events)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeStripeApi(app);
        app.MapGet("/v1/events", (HttpRequest request) =>
        {
            api.Queries.Enqueue(request.QueryString.Value ?? "");
            return Results.Text($$"""{"object":"list","url":"/v1/events","has_more":false,"data":[{{string.Join(",", events)}}]}""", "application/json");
        });
        await app.StartAsync();
        return api;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
