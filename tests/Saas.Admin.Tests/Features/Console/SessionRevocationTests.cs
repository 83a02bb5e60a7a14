using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.Admin.Tests.Features.Console;

/// <summary>
/// Issue 15, finding 8: a console session captured the staffer's role at sign-in and lived on for 8 sliding hours
/// after the role was removed or the user deleted, and each admin replica had its own cookie keys.
/// </summary>
public sealed class SessionRevocationTests
{
    [Fact]
    public async Task ConsolePage_WhenTheStaffersRoleWasRemoved_ShouldEndTheSession()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("Admin:Console:RevalidateInterval", "00:00:00");
        var session = await ConsoleSession.SignedInAsync(app, "support@example.com", "support password 1");
        await session.PageAsync("/admin/webhooks");

        services.Roles["user-support"] = [];
        using var after = await session.Client.GetAsync("/admin/webhooks");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/admin/sign-in", after.Headers.Location!.OriginalString);
        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=console.session_ended");
        Assert.Equal("staff_role_removed", Assert.Single(audit.GetProperty("entries").EnumerateArray())
            .GetProperty("after").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ConsolePage_WhenTheStaffUserWasDeleted_ShouldEndTheSession()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("Admin:Console:RevalidateInterval", "00:00:00");
        var session = await ConsoleSession.SignedInAsync(app, "admin@example.com", "admin password 1");

        services.Deleted["user-admin"] = true;
        using var after = await session.Client.GetAsync("/admin/settings");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/admin/sign-in", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ConsolePage_WhenAnAdminWasDemotedToSupport_ShouldRefuseAdminPages()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("Admin:Console:RevalidateInterval", "00:00:00");
        var session = await ConsoleSession.SignedInAsync(app, "admin@example.com", "admin password 1");
        using var before = await session.Client.GetAsync("/admin/settings/maintenance");

        services.Roles["user-admin"] = ["support"];
        using var after = await session.Client.GetAsync("/admin/settings/maintenance");

        Assert.NotEqual(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        await session.PageAsync("/admin/webhooks"); // still a support member
    }

    [Fact]
    public async Task ConsolePage_WhenIdentityIsDown_ShouldKeepTheSessionAndCheckAgainLater()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("Admin:Console:RevalidateInterval", "00:00:00")
            .With("Admin:Resilience:Retry:MaxRetryAttempts", "1");
        var session = await ConsoleSession.SignedInAsync(app, "support@example.com", "support password 1");
        await services.DisposeAsync(); // identity (and the rest) down

        using var during = await session.Client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
    }

    [Fact]
    public async Task ConsolePage_AfterTheAbsoluteLifetime_ShouldEndEvenAnActiveSession()
    {
        var clock = new ManualClock();
        await using var app = new AdminApp().With("Admin:Console:AbsoluteLifetime", "02:00:00");
        using var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var session = new ConsoleSession(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        await session.SignInAsync(AdminApp.Username, AdminApp.Password);

        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(20)); // active: never idle long enough for the sliding timeout
            await session.PageAsync("/admin/webhooks");
        }

        clock.Advance(TimeSpan.FromMinutes(20));
        using var expired = await session.Client.GetAsync("/admin/webhooks");

        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("/admin/sign-in", expired.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ConsoleCookie_FromAnotherReplicaSharingTheKeys_ShouldBeAccepted_AndRefusedByOneWithOtherKeys()
    {
        var shared = Directory.CreateTempSubdirectory("saas-admin-keys-");
        var other = Directory.CreateTempSubdirectory("saas-admin-keys-");
        try
        {
            await using var first = new AdminApp().With("Admin:Console:KeysDirectory", shared.FullName);
            await using var second = new AdminApp().With("Admin:Console:KeysDirectory", shared.FullName);
            await using var foreign = new AdminApp().With("Admin:Console:KeysDirectory", other.FullName);
            var session = await ConsoleSession.SignedInAsync(first);
            using var probe = await session.Client.GetAsync("/admin/webhooks");
            var cookie = string.Join("; ", probe.RequestMessage!.Headers.GetValues("Cookie"));

            using var onSecond = await WithCookie(second, cookie).GetAsync("/admin/webhooks");
            using var onForeign = await WithCookie(foreign, cookie).GetAsync("/admin/webhooks");

            Assert.NotEmpty(shared.GetFiles("key-*.xml"));
            Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, onForeign.StatusCode);
        }
        finally
        {
            shared.Delete(recursive: true);
            other.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ConsoleCookie_FromAnotherReplicaSharingTheStore_ShouldBeAccepted_AndRefusedByOneWithAnotherStore()
    {
        var store = Directory.CreateTempSubdirectory("saas-admin-shared-");
        try
        {
            await using var first = new AdminApp().With("Storage:DataDirectory", store.FullName);
            await using var second = new AdminApp().With("Storage:DataDirectory", store.FullName);
            await using var foreign = new AdminApp();
            var session = await ConsoleSession.SignedInAsync(first);
            using var probe = await session.Client.GetAsync("/admin/webhooks");
            var cookie = string.Join("; ", probe.RequestMessage!.Headers.GetValues("Cookie"));

            using var onSecond = await WithCookie(second, cookie).GetAsync("/admin/webhooks");
            using var onForeign = await WithCookie(foreign, cookie).GetAsync("/admin/webhooks");

            Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, onForeign.StatusCode);
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }

    private static HttpClient WithCookie(AdminApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = DateTimeOffset.UtcNow;

        public void Advance(TimeSpan by) => now += by;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
