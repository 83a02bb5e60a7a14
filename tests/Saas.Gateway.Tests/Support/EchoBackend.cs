using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Saas.Gateway.Tests.Support;

public sealed record ReceivedRequest(
    string Service, string Method, string Path, string QueryString, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A stand-in for one service: real Kestrel on a free loopback port (the proxy must speak real HTTP),
/// recording and echoing what it received. It serves <c>/health</c> and <c>/openapi/v1.json</c> like a service.
/// </summary>
public sealed class EchoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoBackend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Address { get; private set; } = "";

    public HttpStatusCode HealthStatus { get; init; } = HttpStatusCode.OK;

    public TimeSpan HealthDelay { get; init; }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public static async Task<EchoBackend> StartAsync(
        string name, HttpStatusCode health = HttpStatusCode.OK, TimeSpan healthDelay = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");

        var backend = new EchoBackend(name, app) { HealthStatus = health, HealthDelay = healthDelay };
        app.Run(backend.HandleAsync);
        await app.StartAsync();
        backend.Address = app.Urls.Single();
        return backend;
    }

    public IEnumerable<ReceivedRequest> ReceivedWithPathContaining(string marker) =>
        Received.Where(r => r.Path.Contains(marker, StringComparison.OrdinalIgnoreCase));

    private async Task HandleAsync(HttpContext context)
    {
        switch (context.Request.Path.Value)
        {
            case "/health":
                await Task.Delay(HealthDelay, context.RequestAborted);
                context.Response.StatusCode = (int)HealthStatus;
                await context.Response.WriteAsJsonAsync(new { status = HealthStatus == HttpStatusCode.OK ? "Healthy" : "Unhealthy" });
                return;
            case "/openapi/v1.json":
                await context.Response.WriteAsJsonAsync(new { openapi = "3.1.1", info = new { title = $"{Name} API", version = "v1" }, paths = new { } });
                return;
        }

        // "/.../status/401": answer that status with an empty body, as a service rejecting a call may.
        if (context.Request.Path.Value?.Split('/') is [.., "status", var code] && int.TryParse(code, out var status))
        {
            context.Response.StatusCode = status;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var request = new ReceivedRequest(
            Name,
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray());
        Received.Enqueue(request);

        await context.Response.WriteAsJsonAsync(new { service = Name, method = request.Method, path = request.Path, query = request.QueryString });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
