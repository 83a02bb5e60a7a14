using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Saas.Testing;

namespace Saas.Identity.Tests.Features.Mail;

/// <summary>
/// A local stand-in for Resend's <c>POST /emails</c> on a real Kestrel port: records every request and answers with
/// the scripted status codes first (500, 429, …), then 200 <c>{ "id": … }</c> as Resend does.
/// </summary>
public sealed class FakeResend : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> script = new();
    private readonly ConcurrentQueue<ResendRequest> requests = new();

    private FakeResend(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ResendRequest> Requests => [.. requests];

    /// <summary>The requests answered 200 (what was delivered).</summary>
    public IReadOnlyList<ResendRequest> Delivered => [.. requests.Where(r => r.AnsweredStatus == 200)];

    /// <summary>Answer the next requests with these statuses (then 200 again); <see cref="AlwaysFail"/> for every request.</summary>
    public FakeResend FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            script.Enqueue(status);
        }

        return this;
    }

    public bool AlwaysFail { get; set; }

    public static async Task<FakeResend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort.Next();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var fake = new FakeResend(app) { BaseUrl = $"http://127.0.0.1:{port}" };
        app.MapPost("/emails", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var status = fake.AlwaysFail ? 500 : fake.script.TryDequeue(out var scripted) ? scripted : 200;
            fake.requests.Enqueue(new ResendRequest(
                context.Request.Path, context.Request.Headers.Authorization.ToString(), context.Request.ContentType ?? "",
                context.Request.Headers["Idempotency-Key"].ToString(), JsonDocument.Parse(body).RootElement.Clone(), status));
            context.Response.StatusCode = status;
            return status == 200
                ? Results.Json(new { id = Guid.NewGuid().ToString() })
                : Results.Json(new { statusCode = status, name = status == 429 ? "rate_limit_exceeded" : "internal_server_error", message = $"fake failure {status}" }, statusCode: status);
        });
        await app.StartAsync();
        return fake;
    }

    /// <summary>Waits for a delivered mail to <paramref name="to"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task<ResendRequest> WaitForDeliveryAsync(string to, string subject, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = Delivered.FirstOrDefault(r => r.To.Contains(to) && r.Subject.Contains(subject, StringComparison.OrdinalIgnoreCase));
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no mail '{subject}' to {to} was delivered to the fake Resend ({requests.Count} requests)");
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

public sealed record ResendRequest(string Path, string Authorization, string ContentType, string IdempotencyKey, JsonElement Body, int AnsweredStatus)
{
    public IReadOnlyList<string> To => [.. Body.GetProperty("to").EnumerateArray().Select(e => e.GetString()!)];

    public string Subject => Body.GetProperty("subject").GetString()!;

    public string Text => Body.GetProperty("text").GetString()!;
}
