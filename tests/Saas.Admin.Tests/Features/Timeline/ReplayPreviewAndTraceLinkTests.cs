using System.Net.Http.Json;
using System.Text.Json;
using Saas.Admin.Tests.Features.Console;

namespace Saas.Admin.Tests.Features.Timeline;

public sealed class ReplayPreviewAndTraceLinkTests
{
    [Fact]
    public async Task ReplayPreview_ShouldPairEachEventWithBillingsEffect_AndSayWhenNothingChanges()
    {
        await using var services = await TimelineServicesStandIn.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var preview = await app.AsSupport().GetFromJsonAsync<JsonElement>("/api/admin/stripe-webhooks/e1/replay-preview");

        Assert.True(preview.GetProperty("changesNothing").GetBoolean());
        var events = preview.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("active", events[0].GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("active", events[0].GetProperty("after").GetProperty("status").GetString());
        Assert.Contains("does not act on", events[1].GetProperty("note").GetString());
        Assert.Contains(services.Requests, r => r.Path == "/internal/webhooks/replay-translations?id=e1");
        // Only the event processing acts on goes to billing's preview.
        Assert.Contains(services.Requests, r => r.Path == "/internal/billing/replay-preview");
    }

    [Fact]
    public async Task ReplayConfirmation_ShouldShowThePreviewBeforeAnythingIsReplayed()
    {
        await using var services = await TimelineServicesStandIn.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        var html = await session.PageAsync("/admin/webhooks/e1?confirm=replay");

        Assert.Contains("This replay would change nothing", html);
        Assert.Contains("Confirm replay", html);
        Assert.DoesNotContain(services.Requests, r => r.Path.EndsWith("/replay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TraceId_WhenTheDashboardUrlIsKnown_ShouldLinkToItsTrace_ElsePlainText()
    {
        await using var services = await TimelineServicesStandIn.StartAsync();
        await using var linked = new AdminApp().WithServices(services.Url).With("Dashboard:Url", "http://localhost:18888/");
        await using var plain = new AdminApp().WithServices(services.Url);

        var withLink = await (await ConsoleSession.SignedInAsync(linked)).PageAsync("/admin/webhooks/e1");
        var without = await (await ConsoleSession.SignedInAsync(plain)).PageAsync("/admin/webhooks/e1");

        Assert.Contains("href=\"http://localhost:18888/traces/detail/4bf92f3577b34da6a3ce929d0e0e4736\"", withLink);
        Assert.Contains("4bf92f3577b34da6a3ce929d0e0e4736", without);
        Assert.DoesNotContain("/traces/detail/", without);
    }
}
