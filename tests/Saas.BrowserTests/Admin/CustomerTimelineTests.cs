using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Saas.Testing;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Admin;

/// <summary>
/// Issue 19 items 3–5 in headless Chromium through a real AppHost: a real signed Stripe event processed by the real
/// pipeline shows on the customer's timeline with the transition it caused, its attempt's trace id links to the
/// dashboard, and the replay confirmation previews that replaying it would change nothing.
/// </summary>
[Collection(AdminConsoleCollection.Name)]
public sealed class CustomerTimelineTests(AdminConsoleFixture fixture) : ConsoleBrowserTest(fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    [ChromiumFact]
    public async Task ProcessedEvent_ShouldShowOnTheTimeline_LinkItsTrace_AndPreviewAReplayThatChangesNothing()
    {
        var email = $"timeline-{Guid.NewGuid():N}"[..20] + "@example.com";
        using var registered = await Api.PostAsJsonAsync("/api/auth/register", new { email, password = "browser-test-password-1", name = "Timeline Person" });
        var userId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("_id").GetString()!;
        var stripeEventId = $"evt_tl_{Guid.NewGuid():N}"[..28];
        await DeliverAsync(SubscriptionCreated(stripeEventId, userId));
        // Processed by webhooks, then applied by billing: the transition is on the timeline once billing has it.
        await WaitUntilAsync(async () => (await AdminGetAsync($"/api/admin/users/{userId}/timeline")).GetProperty("entries")
            .EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "transition"));

        await Page.GotoAsync($"/admin/users/{userId}");
        await SignInAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Timeline", Exact = true }).ClickAsync();
        var transition = Page.Locator("tr[data-kind=transition]");
        await Expect(transition).ToContainTextAsync("Subscription none → active");
        await Expect(transition).ToContainTextAsync($"by Stripe event {stripeEventId}");
        await Expect(Page.Locator("tr[data-kind=stripe_event]")).ToContainTextAsync("customer.subscription.created");
        await Expect(Page.Locator("tr[data-kind=account]")).ToContainTextAsync(email);
        await ScreenshotAsync("customer-timeline");

        await Page.Locator("tr[data-kind=stripe_event] a").ClickAsync();
        await Expect(Page.GetByTestId("event-status")).ToHaveTextAsync("processed");
        var trace = Page.GetByTestId("trace-link").First;
        await Expect(trace).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(
            $"^{System.Text.RegularExpressions.Regex.Escape(AdminConsoleFixture.DashboardUrl)}/traces/detail/[0-9a-f]{{32}}$"));
        await ScreenshotAsync("event-trace-link");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Replay…" }).ClickAsync();
        await Expect(Page.GetByTestId("replay-changes-nothing")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("preview-before")).ToHaveTextAsync("active (pro)");
        await Expect(Page.GetByTestId("preview-after")).ToHaveTextAsync("active (pro)");
        await ScreenshotAsync("replay-preview");
    }

    /// <summary>A subscription created for <paramref name="userId"/> (our checkout's <c>metadata.userId</c>), in the shape Stripe sends.</summary>
    private static string SubscriptionCreated(string eventId, string userId)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $$"""
            {
              "id": "{{eventId}}", "object": "event", "api_version": "2026-10-28.endive", "created": {{created}},
              "data": { "object": {
                "id": "sub_{{eventId}}", "object": "subscription", "cancel_at_period_end": false, "customer": "cus_{{eventId}}",
                "items": { "object": "list", "data": [ {
                  "id": "si_{{eventId}}", "object": "subscription_item", "current_period_end": {{created + 30 * 86400}},
                  "current_period_start": {{created}}, "price": { "id": "price_pro_monthly", "object": "price", "product": "prod_pro" }, "quantity": 1 } ] },
                "metadata": { "userId": "{{userId}}" }, "status": "active", "trial_end": null } },
              "livemode": false, "pending_webhooks": 1, "request": { "id": null, "idempotency_key": null },
              "type": "customer.subscription.created"
            }
            """;
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"not reached within {Timeout.TotalSeconds:0} s{Environment.NewLine}{Fixture.Host.Output}");
            }

            await Task.Delay(250, CancellationToken.None);
        }
    }
}
