using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Staff;

/// <summary>Every staff route against every kind of caller, on one app and one set of stand-in services.</summary>
public sealed class StaffAccessTests(StaffAccessTests.Fixture fixture) : IClassFixture<StaffAccessTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public StandInServices Services { get; private set; } = null!;

        public AdminApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Services = await StandInServices.StartAsync();
            App = new AdminApp().WithServices(Services.Url);
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Services.DisposeAsync();
        }
    }

    public static TheoryData<string, string, string?, bool> Routes => new()
    {
        // method, path, JSON body, support allowed
        { "GET", "/api/admin/users", null, true },
        { "GET", "/api/admin/users/u1", null, true },
        { "GET", "/api/admin/stripe-webhooks", null, true },
        { "GET", "/api/admin/stripe-webhooks/counts", null, true },
        { "GET", "/api/admin/stripe-webhooks/e1", null, true },
        { "POST", "/api/admin/stripe-webhooks/e1/replay", """{"reason":"fixed"}""", true },
        { "POST", "/api/admin/stripe-webhooks/replay", """{"status":"failed","reason":"fixed","dryRun":true}""", true },
        { "PUT", "/api/admin/users/u1/subscription", """{"subscriptionStatus":"active"}""", false },
        { "DELETE", "/api/admin/users/u1/subscription", null, false },
        { "POST", "/api/admin/users/u1/reconcile", null, false },
        { "POST", "/api/admin/generate-token", """{"userId":"u1"}""", false },
        { "GET", "/api/admin/settings", null, false },
        { "PUT", "/api/admin/settings/banner", """{"value":"hi"}""", false },
        { "GET", "/api/admin/settings/banner", null, false },
        { "DELETE", "/api/admin/settings/nothing-here", null, false },
        { "GET", "/api/admin/audit-log", null, false },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WhenCalledByEachKindOfCaller_ShouldAdmitOnlyTheAllowedRoles(string method, string path, string? body, bool supportAllowed)
    {
        var app = fixture.App;

        await AssertAllowed(app.Basic(), method, path, body);
        await AssertAllowed(app.AsAdmin(), method, path, body);
        if (supportAllowed)
        {
            await AssertAllowed(app.AsSupport(), method, path, body);
        }
        else
        {
            await AssertRefused(app.AsSupport(), method, path, body, HttpStatusCode.Forbidden);
        }

        // A signed-in user without a staff role, and an admin's impersonation token, are not staff.
        await AssertRefused(app.Bearer(TestTokens.For("plain-user")), method, path, body, HttpStatusCode.Forbidden);
        await AssertRefused(app.Bearer(TestTokens.For("u1", "admin", actor: "staff-admin")), method, path, body, HttpStatusCode.Forbidden);
        await AssertRefused(app.CreateClient(), method, path, body, HttpStatusCode.Unauthorized);
        await AssertRefused(app.Basic(AdminApp.Username, "wrong"), method, path, body, HttpStatusCode.Unauthorized);
        await AssertRefused(app.Bearer("not-a-jwt"), method, path, body, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WrongBasicCredentials_ShouldAnswer401WithBasicChallengeAndError()
    {
        var response = await fixture.App.Basic("ops", "nope").GetAsync("/api/admin/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Invalid admin credentials", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    private static async Task AssertAllowed(HttpClient client, string method, string path, string? body)
    {
        using var response = await client.SendAsync(Request(method, path, body));
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound,
            $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task AssertRefused(HttpClient client, string method, string path, string? body, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(Request(method, path, body));
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {expected}, got {(int)response.StatusCode}");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.False(string.IsNullOrEmpty(error));
    }

    private static HttpRequestMessage Request(string method, string path, string? body) => new(new HttpMethod(method), path)
    {
        Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
    };
}
