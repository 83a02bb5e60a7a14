using Aspire.Hosting.Testing;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Saas.Testing;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Admin;

/// <summary>The admin console in headless Chromium, through the gateway of a real AppHost, as support staff use it.</summary>
[Collection(AdminConsoleCollection.Name)]
public sealed class AdminConsoleTests(AdminConsoleFixture fixture) : ConsoleBrowserTest(fixture)
{
    private const string RejectPolicy = "billing-refuses-messages";
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(90);
    [ChromiumFact]
    public async Task SignIn_ThenFindAUser_ShouldShowTheirAccountAndSubscription()
    {
        var email = $"console-{Guid.NewGuid():N}"[..20] + "@example.com";
        using (var registered = await Api.PostAsJsonAsync("/api/auth/register", new { email, password = "browser-test-password-1", name = "Console Person" }))
        {
            Assert.True(registered.IsSuccessStatusCode, $"register answered {(int)registered.StatusCode}");
        }

        await Page.GotoAsync("/admin/users");
        // Still on the gateway: the sign-in redirect must not lead to the admin service's own address.
        await Expect(Page).ToHaveURLAsync($"{Fixture.Host.GatewayUrl}/admin/sign-in?ReturnUrl=%2Fadmin%2Fusers");
        await ScreenshotAsync("sign-in");
        await SignInAsync();
        await Expect(Page).ToHaveURLAsync($"{Fixture.Host.GatewayUrl}/admin/users");

        await Page.GetByLabel("Search").FillAsync(email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = email, Exact = true }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(email);
        await Expect(Page.Locator("section[aria-labelledby=account]")).ToContainTextAsync("Console Person");
        await Expect(Page.Locator("section[aria-labelledby=subscription]")).ToContainTextAsync("Effective status");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Set override" })).ToBeVisibleAsync();
        await ScreenshotAsync("user-detail");
    }

    [ChromiumFact]
    public async Task FailedEvent_ReplayedFromItsPage_ShouldBeProcessedAndAudited()
    {
        var stripeEventId = $"evt_console_{Guid.NewGuid():N}"[..30];
        await RabbitMqPolicies.RejectPublishesAsync(Fixture.Broker, RejectPolicy, "^billing");
        try
        {
            await DeliverAsync(SignedStripeEvents.SubscriptionUpdated(stripeEventId));
            await WaitForStatusAsync(stripeEventId, "failed");
        }
        finally
        {
            await RabbitMqPolicies.ClearAsync(Fixture.Broker, RejectPolicy);
        }

        await Page.GotoAsync("/admin/sign-in?ReturnUrl=%2Fadmin%2Fwebhooks%3Fstatus%3Dfailed");
        await SignInAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = stripeEventId, Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("event-status")).ToHaveTextAsync("failed");
        await Expect(Page.Locator("section[aria-labelledby=attempts] tbody tr")).ToHaveCountAsync(2);
        await Expect(Page.Locator("section[aria-labelledby=payload] pre")).ToContainTextAsync(stripeEventId);
        await ScreenshotAsync("failed-event");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Replay…" }).ClickAsync();
        await Page.GetByLabel("Reason").FillAsync("billing's queues were full");
        await ScreenshotAsync("replay-confirm");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm replay" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Replay requested");

        await ReloadUntilAsync(() => Page.GetByTestId("event-status").TextContentAsync(), "processed");
        await Expect(Page.Locator("section[aria-labelledby=replays]")).ToContainTextAsync("billing's queues were full");
        await ScreenshotAsync("replayed-event");
        var audit = await AdminGetAsync("/api/admin/audit-log?action=webhook.replay");
        var entry = audit.GetProperty("entries").EnumerateArray().First();
        Assert.Equal($"basic:{AdminConsoleFixture.AdminUser}", entry.GetProperty("actorId").GetString());
        Assert.Equal("console-basic", entry.GetProperty("authMethod").GetString());
    }

    [ChromiumFact]
    public async Task Setting_CreatedAndEditedInTheConsole_ShouldBeServedByPublicSettings()
    {
        var key = $"announcement-{Guid.NewGuid():N}"[..24];
        await Page.GotoAsync("/admin/global-settings");
        await SignInAsync();
        await Expect(Page).ToHaveURLAsync($"{Fixture.Host.GatewayUrl}/admin/settings");

        await Page.GetByLabel("Key").FillAsync(key);
        await Page.GetByLabel("Value").FillAsync("Welcome");
        await Page.GetByLabel("Public (served by").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Setting '{key}' created.");

        await Page.GetByRole(AriaRole.Link, new() { Name = key, Exact = true }).ClickAsync();
        await Page.GetByLabel("Value").FillAsync("Maintenance tonight at 22:00 UTC");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Setting '{key}' saved.");
        await ScreenshotAsync("settings");

        var published = await Api.GetFromJsonAsync<JsonElement>("/api/settings/public");
        var setting = published.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("key").GetString() == key);
        Assert.Equal("Maintenance tonight at 22:00 UTC", setting.GetProperty("value").GetString());
    }

    [ChromiumFact]
    public async Task SupportUser_SignedInWithTheirEmail_ShouldSeeUsersButBeRefusedSettings()
    {
        var email = $"support-{Guid.NewGuid():N}"[..20] + "@example.com";
        const string password = "browser-support-password-1";
        using var registered = await Api.PostAsJsonAsync("/api/auth/register", new { email, password, name = "Support Person" });
        var userId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("_id").GetString();
        // Roles are granted on identity's internal API, which the gateway never routes: straight to identity.
        var identity = Fixture.Host.App.GetEndpoint("identity", "http").ToString().TrimEnd('/');
        using var grant = new HttpRequestMessage(HttpMethod.Put, $"{identity}/internal/users/{userId}/roles")
        {
            Content = JsonContent.Create(new { roles = new[] { "support" } }),
        };
        grant.Headers.Add(InternalApiKey.HeaderName, InternalApiKey.Value);
        using (var granted = await Api.SendAsync(grant))
        {
            Assert.True(granted.IsSuccessStatusCode, $"granting the role answered {(int)granted.StatusCode}");
        }

        await Page.GotoAsync("/admin");
        await SignInAsync(email, password);

        await Expect(Page.Locator(".who")).ToContainTextAsync("support");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Webhook events", Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true })).ToHaveCountAsync(0);
        var refused = await Page.GotoAsync("/admin/settings");
        Assert.True(refused!.Status == 403, $"/admin/settings answered {refused.Status} at {Page.Url}: {await Page.ContentAsync()}");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your role may not do this");
        await ScreenshotAsync("support-refused-settings");
    }

    private async Task WaitForStatusAsync(string stripeEventId, string status)
    {
        using var deadline = new CancellationTokenSource(StatusTimeout);
        var last = "";
        while (!deadline.IsCancellationRequested)
        {
            var events = await AdminGetAsync($"/api/admin/stripe-webhooks?type=customer.subscription.updated");
            var found = events.GetProperty("events").EnumerateArray().FirstOrDefault(e => e.GetProperty("stripeEventId").GetString() == stripeEventId);
            last = found.ValueKind == JsonValueKind.Object ? found.GetProperty("status").GetString() ?? "" : "not stored";
            if (last == status)
            {
                return;
            }

            await Task.Delay(250, CancellationToken.None);
        }

        throw new TimeoutException($"{stripeEventId} was not {status} within {StatusTimeout.TotalSeconds:0} s (last: {last}){Environment.NewLine}{Fixture.Host.Output}");
    }

    private async Task ReloadUntilAsync(Func<Task<string?>> read, string expected)
    {
        using var deadline = new CancellationTokenSource(StatusTimeout);
        string? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = (await read())?.Trim();
            if (last == expected)
            {
                return;
            }

            await Task.Delay(250, CancellationToken.None);
            await Page.ReloadAsync();
        }

        throw new TimeoutException($"the page did not show {expected} within {StatusTimeout.TotalSeconds:0} s (last: {last})");
    }
}
