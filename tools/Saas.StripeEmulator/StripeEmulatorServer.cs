using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saas.StripeEmulator;

/// <summary>
/// A Stripe emulator on a loopback port — plainly not Stripe. It serves the endpoints Saas calls (customers,
/// checkout and portal sessions, subscriptions), records every request, honours idempotency keys as Stripe does,
/// injects faults on demand, shows a checkout page that "pays", and sends signed webhooks when one is paid.
/// Point Stripe.net at <see cref="BaseUrl"/> (<c>StripeClientOptions.ApiBase</c>).
/// </summary>
public sealed partial class StripeEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentDictionary<string, Lazy<(int Status, string Body)>> idempotent = new();
    private readonly Queue<EmulatedFault> faults = new();
    private readonly object gate = new();
    private EmulatedFault? permanentFault;
    private long sequence;

    private StripeEmulatorServer(WebApplication app, StripeEmulatorOptions options)
    {
        this.app = app;
        Options = options;
    }

    public StripeEmulatorOptions Options { get; }

    /// <summary>The API base, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every API request so far (checkout page and health requests excluded).</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static async Task<StripeEmulatorServer> StartAsync(StripeEmulatorOptions? options = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options?.Port ?? 0}");
        builder.Logging.ClearProviders();
        builder.Services.AddHttpClient();
        var emulator = new StripeEmulatorServer(builder.Build(), options ?? new StripeEmulatorOptions());
        emulator.Map();
        await emulator.app.StartAsync(ct);
        var address = emulator.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUrl = address.Replace("[::]", "127.0.0.1").TrimEnd('/');
        return emulator;
    }

    /// <summary>The next <paramref name="count"/> API requests meet <paramref name="fault"/>.</summary>
    public void FailNext(int count, EmulatedFault fault)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                faults.Enqueue(fault);
            }
        }
    }

    /// <summary>Every API request meets <paramref name="fault"/> until <see cref="Heal"/> (an outage).</summary>
    public void FailAll(EmulatedFault fault)
    {
        lock (gate)
        {
            permanentFault = fault;
        }
    }

    public void Heal()
    {
        lock (gate)
        {
            permanentFault = null;
            faults.Clear();
        }
    }

    public void ClearRequests() => requests.Clear();

    private string NewId(string prefix) => $"{prefix}_emu{Interlocked.Increment(ref sequence):D6}{Guid.NewGuid().ToString("N")[..8]}";

    private EmulatedFault? TakeFault()
    {
        lock (gate)
        {
            return permanentFault ?? (faults.TryDequeue(out var fault) ? fault : null);
        }
    }

    /// <summary>Records, injects faults and replays idempotent answers around every <c>/v1</c> handler.</summary>
    private async Task HandleApiAsync(HttpContext http, Func<IReadOnlyDictionary<string, string>, (int Status, JsonNode Body)> handler)
    {
        var form = new Dictionary<string, string>();
        if (http.Request.HasFormContentType)
        {
            foreach (var (name, value) in await http.Request.ReadFormAsync())
            {
                form[name] = value.ToString();
            }
        }

        foreach (var (name, value) in http.Request.Query)
        {
            form[name] = value.ToString();
        }

        var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        var apiKey = http.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null;
        var fault = TakeFault();
        var (status, body) = (0, "");
        if (fault is { AfterProcessing: false })
        {
            (status, body) = (fault.StatusCode, Json.Error("api_error", "Emulated failure").ToJsonString());
        }
        else
        {
            var scope = $"{http.Request.Method} {http.Request.Path}:{key}";
            (status, body) = key is not null && http.Request.Method != "GET"
                ? idempotent.GetOrAdd(scope, _ => new Lazy<(int, string)>(() => Run(handler, form))).Value
                : Run(handler, form);
            if (fault is not null)
            {
                (status, body) = (fault.StatusCode, Json.Error("api_error", "Emulated failure after processing").ToJsonString());
            }
        }

        requests.Enqueue(new RecordedRequest(http.Request.Method, http.Request.Path, form, key, apiKey, status));
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers["Request-Id"] = NewId("req");
        await http.Response.WriteAsync(body);
    }

    private static (int, string) Run(Func<IReadOnlyDictionary<string, string>, (int Status, JsonNode Body)> handler, IReadOnlyDictionary<string, string> form)
    {
        var (status, body) = handler(form);
        return (status, body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed class StripeEmulatorOptions
{
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Where signed webhooks go after a checkout is paid (e.g. the gateway's <c>/api/stripe/webhook</c>); null sends none.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>The <c>whsec_…</c> secret webhooks are signed with.</summary>
    public string WebhookSecret { get; init; } = "whsec_emulator";

    /// <summary>The clock objects and events are stamped with.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
