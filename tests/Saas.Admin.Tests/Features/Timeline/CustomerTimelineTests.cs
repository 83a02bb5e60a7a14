using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Saas.Admin.Features.Audit;
using Saas.Admin.Tests.Features.Console;

namespace Saas.Admin.Tests.Features.Timeline;

public sealed class CustomerTimelineTests
{
    [Fact]
    public async Task UserTimeline_ShouldMergeEverySourceNewestFirst_EachEntryLinked()
    {
        await using var services = await TimelineServicesStandIn.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        await app.Services.GetRequiredService<AuditLog>().Entries.InsertAsync(new AuditEntry
        {
            At = new DateTimeOffset(2026, 3, 6, 9, 0, 0, TimeSpan.Zero), ActorId = "staff-admin", ActorEmail = "admin@example.com", Role = "admin",
            AuthMethod = "jwt", Action = "user.subscription.override", TargetType = "user", TargetId = TimelineServicesStandIn.UserId, RequestId = "r1",
        }, CancellationToken.None);

        var timeline = await app.AsSupport().GetFromJsonAsync<JsonElement>($"/api/admin/users/{TimelineServicesStandIn.UserId}/timeline");

        var entries = timeline.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(
            ["staff_action", "transition", "usage_reset", "invitation", "membership", "invitation", "transition", "stripe_event", "account"],
            entries.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("Subscription active → canceled", entries[1].GetProperty("title").GetString());
        Assert.Contains("admin@example.com", entries[1].GetProperty("detail").GetString());
        Assert.Equal("Subscription none → active (plan none → pro)", entries[6].GetProperty("title").GetString());
        Assert.Equal("/admin/webhooks/evt_sub", entries[6].GetProperty("link").GetString());
        Assert.Equal("/admin/webhooks/e1", entries[7].GetProperty("link").GetString());
        Assert.Equal("/admin/organizations/org1/timeline", entries[4].GetProperty("link").GetString());
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("link").GetString())));
        Assert.Empty(timeline.GetProperty("gaps").EnumerateArray());
        Assert.All(services.Requests, r => Assert.Equal("test-internal-api-key-0123456789abcdef", r.Key));
        Assert.Contains(services.Requests, r => r.Path == "/internal/webhooks/events?customer=cus_1&pageSize=200");
    }

    [Fact]
    public async Task OrganizationTimeline_WhenBillingIsDown_ShouldShowTheRestAndNameWhatIsMissing()
    {
        await using var services = await TimelineServicesStandIn.StartAsync();
        services.BillingDown = true;
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        var html = await session.PageAsync($"/admin/organizations/{TimelineServicesStandIn.OrganizationId}/timeline");

        Assert.Contains("Not shown: billing (subscription transitions, usage resets)", html);
        Assert.Contains("Invitation sent to ada@example.com", html);
        Assert.Contains("Invitation accepted: ada@example.com as member", html);
        Assert.Contains("u1 joined", html);
        Assert.Contains("u9 removed", html); // a former member, and who removed them
        Assert.Contains("role admin, by u0", html);
        Assert.DoesNotContain("Subscription active", html);
    }

    [Fact]
    public async Task Timeline_OfAnUnknownUser_ShouldAnswer404()
    {
        await using var services = await TimelineServicesStandIn.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var response = await app.AsSupport().GetAsync("/api/admin/users/nobody/timeline");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(services.Requests, r => r.Path.StartsWith("/internal/billing", StringComparison.Ordinal));
    }
}
