using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Saas.Testing;
using Saas.Testing.Aspire;

namespace Saas.SystemTests;

/// <summary>
/// Issue 16's import, as a team moving off saasbackend lives it: <c>mongoexport</c> files of saasbackend's collections →
/// <c>saas import saasbackend</c> (the real tool, twice: the second run writes nothing) → the system started on that data
/// with the old <c>JWT_ACCESS_SECRET</c> opted in → through the gateway the old password logs in, the old access token
/// works at identity and billing, and staff see the subscription and the webhook history in the admin API.
/// (The window's end and the opt-in are tested against a fake clock in Saas.Identity.Tests' ImportedAccountTests.)
/// </summary>
public sealed class SaasBackendImportTests : IAsyncLifetime
{
    private const string Secret = "your-access-secret-change-me";
    private const string Password = "password123";
    private const string AdminUser = "import-ops";
    private const string AdminPassword = "import system test admin password";
    private const string UserId = "65a1f0c2e4b0a1b2c3d4e5f6";
    private readonly TempDirectory _work = new("saas-import-system");
    private SaasApp? _app;
    private HttpClient? _gateway;

    private HttpClient Gateway => _gateway ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var export = Directory.CreateDirectory(Path.Combine(_work.Path, "export")).FullName;
        var data = Path.Combine(_work.Path, "data");
        await WriteExportAsync(export);

        var first = await RunImportAsync(export, data);
        Assert.Contains("wrote 7 documents, 0 conflicts", first);
        var second = await RunImportAsync(export, data);
        Assert.Contains("wrote 0 documents, 0 conflicts", second);

        _app = await SaasApp.StartAsync(new SaasAppOptions
        {
            // The system starts on the imported data (the last --AppHost:DataDirectory wins over the harness's own).
            AppHostConfiguration = new() { ["AppHost:DataDirectory"] = data },
            ServiceEnvironment = new()
            {
                ["Jwt__LegacyAccessSecret"] = Secret,
                ["Jwt__LegacyAccessTokensUntil"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
                ["Admin__Username"] = AdminUser,
                ["Admin__Password"] = AdminPassword,
            },
        });
        _gateway = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(_app.GatewayUrl),
            Timeout = TimeSpan.FromSeconds(15),
        };
    }

    [Fact]
    public async Task ImportedDeployment_ThroughTheGateway_ShouldWorkAsItDidOnSaasBackend()
    {
        var oldToken = SaasBackendToken(UserId, DateTimeOffset.UtcNow);

        var (meStatus, me) = await SendAsync(HttpMethod.Get, "/api/auth/me", bearer: oldToken);
        Assert.True(meStatus == 200, $"me with the old token answered {meStatus}: {me}");
        Assert.Equal((UserId, "alice@example.com", "active"), (me.Str("_id"), me.Str("email"), me.Str("subscriptionStatus")));
        var (subscriptionStatus, subscription) = await SendAsync(HttpMethod.Get, "/api/billing/subscription", bearer: oldToken);
        Assert.True(subscriptionStatus == 200, $"billing with the old token answered {subscriptionStatus}: {subscription}");
        Assert.Equal(("active", "sub_1Alice"), (subscription.Str("status"), subscription.Str("stripeSubscriptionId")));
        var (forgedStatus, _) = await SendAsync(HttpMethod.Get, "/api/auth/me", bearer: SaasBackendToken(UserId, DateTimeOffset.UtcNow, "guessed-secret"));
        Assert.Equal(401, forgedStatus);

        var (loginStatus, login) = await SendAsync(HttpMethod.Post, "/api/auth/login", new { email = "Alice@Example.com", password = Password });
        Assert.True(loginStatus == 200, $"login with the old password answered {loginStatus}: {login}");
        Assert.Equal(UserId, login.GetProperty("user").Str("_id"));
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, "/api/auth/me", bearer: login.Str("token"))).Status);

        var (userStatus, user) = await SendAsync(HttpMethod.Get, $"/api/admin/users/{UserId}", admin: true);
        Assert.True(userStatus == 200, $"admin user answered {userStatus}: {user}");
        Assert.Equal(("active", "sub_1Alice"), (user.GetProperty("user").Str("subscriptionStatus"), user.GetProperty("user").Str("stripeSubscriptionId")));
        var (eventsStatus, events) = await SendAsync(HttpMethod.Get, "/api/admin/stripe-webhooks", admin: true);
        Assert.True(eventsStatus == 200, $"admin events answered {eventsStatus}: {events}");
        var history = events.GetProperty("events").EnumerateArray().ToDictionary(e => e.Str("stripeEventId"), e => e.Str("status"));
        Assert.Equal("processed", history["evt_1OldCreated"]);
        Assert.Equal("failed", history["evt_1OldFailed"]);
    }

    public async Task DisposeAsync()
    {
        _gateway?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _work.Dispose();
    }

    private async Task<(int Status, JsonElement Body)> SendAsync(
        HttpMethod method, string path, object? body = null, string? bearer = null, bool admin = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = admin
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{AdminPassword}")))
            : bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// <summary>What saasbackend's jsonwebtoken signed: HS256, <c>{ userId, iat, exp }</c>, 15 minutes.</summary>
    private static string SaasBackendToken(string userId, DateTimeOffset issuedAt, string secret = Secret)
    {
        static string Encode(object value) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var input = $"{Encode(new { alg = "HS256", typ = "JWT" })}.{Encode(new { userId, iat = issuedAt.ToUnixTimeSeconds(), exp = issuedAt.AddMinutes(15).ToUnixTimeSeconds() })}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{input}.{signature}";
    }

    /// <summary>saasbackend's collections as <c>mongoexport</c> writes them: one relaxed Extended JSON document per line.</summary>
    private static async Task WriteExportAsync(string folder)
    {
        var hash = BCrypt.Net.BCrypt.HashPassword(Password, workFactor: 10);
        await File.WriteAllLinesAsync(Path.Combine(folder, "users.json"),
        [
            Json(new Dictionary<string, object?>
            {
                ["_id"] = Oid(UserId), ["email"] = "alice@example.com", ["passwordHash"] = hash, ["name"] = "Alice",
                ["subscriptionStatus"] = "active", ["stripeCustomerId"] = "cus_1Alice", ["stripeSubscriptionId"] = "sub_1Alice",
                ["settings"] = new { theme = "dark" }, ["createdAt"] = Date("2024-01-01T00:00:00Z"), ["updatedAt"] = Date("2024-02-01T00:00:00Z"), ["__v"] = 0,
            }),
        ]);
        await File.WriteAllLinesAsync(Path.Combine(folder, "stripewebhookevents.json"),
        [
            Event("65c000000000000000000001", "evt_1OldCreated", "customer.subscription.created", "processed"),
            Event("65c000000000000000000002", "evt_1OldFailed", "invoice.payment_failed", "failed"),
        ]);
        await File.WriteAllLinesAsync(Path.Combine(folder, "globalsettings.json"),
        [
            Json(new Dictionary<string, object?>
            {
                ["_id"] = Oid("65b000000000000000000001"), ["key"] = "maintenance_mode", ["value"] = false, ["type"] = "boolean",
                ["isPublic"] = true, ["createdAt"] = Date("2024-01-01T00:00:00Z"), ["updatedAt"] = Date("2024-01-01T00:00:00Z"),
            }),
        ]);
        await File.WriteAllLinesAsync(Path.Combine(folder, "notifications.json"),
        [
            Json(new Dictionary<string, object?>
            {
                ["_id"] = Oid("65d000000000000000000001"), ["userId"] = Oid(UserId), ["type"] = "info", ["title"] = "Welcome!",
                ["message"] = "Thanks for signing up", ["read"] = false, ["createdAt"] = Date("2024-01-01T00:00:00Z"),
            }),
        ]);
        await File.WriteAllLinesAsync(Path.Combine(folder, "activitylogs.json"),
        [
            Json(new Dictionary<string, object?>
            {
                ["_id"] = Oid("65e000000000000000000001"), ["userId"] = Oid(UserId), ["action"] = "login",
                ["details"] = new { ip = "203.0.113.9" }, ["createdAt"] = Date("2024-01-01T00:00:00Z"),
            }),
        ]);
    }

    private static string Event(string id, string stripeEventId, string type, string status) => Json(new Dictionary<string, object?>
    {
        ["_id"] = Oid(id), ["stripeEventId"] = stripeEventId, ["eventType"] = type,
        ["data"] = new { id = "sub_1Alice", @object = "subscription", customer = "cus_1Alice", status = "active" },
        ["status"] = status, ["retryCount"] = status == "failed" ? 3 : 0,
        ["processingErrors"] = status == "failed" ? new object[] { new { message = "User not found" } } : [],
        ["createdAt"] = Date("2024-02-01T00:00:00Z"),
    });

    private static object Oid(string hex) => new Dictionary<string, string> { ["$oid"] = hex };

    private static object Date(string iso) => new Dictionary<string, string> { ["$date"] = iso };

    private static string Json(object document) => JsonSerializer.Serialize(document);

    private static async Task<string> RunImportAsync(string export, string data)
    {
        var dll = Path.Combine(RepoPaths.Root, "tools", "Saas.Import", "bin", RepoPaths.Configuration, "net10.0", "Saas.Import.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "saasbackend", "--source-dir", export, "--data-dir", data },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"saas import exited with {process.ExitCode}: {await output}{await errors}");
        return await output;
    }
}

file static class JsonElementExtensions
{
    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
