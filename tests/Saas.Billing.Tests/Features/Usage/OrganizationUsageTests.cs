using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Billing.Tests.Features.Organizations;
using Saas.StripeEmulator;

namespace Saas.Billing.Tests.Features.Usage;

public sealed class OrganizationUsageTests
{
    [Fact]
    public async Task Track_WhenMembersActForTheOrganization_ShouldCountAgainstItsCounterNotTheirOwn()
    {
        await using var app = new BillingApp(); // free plan: 5 api_calls
        var org = await TestOrganization.CreateAsync(app);

        var byHeader = await app.ClientFor(org.Member).TrackAsync(new { feature = "api_calls", quantity = 2 }, org.Id);
        var byRoute = await app.ClientFor(org.Admin).TrackAsync(new { feature = "api_calls" }, route: $"/api/v1/organizations/{org.Id}/usage/track");
        var byOwner = await app.ClientFor(org.Owner).TrackAsync(new { feature = "api_calls" }, org.Id);
        var personal = await app.ClientFor(org.Member).TrackAsync(new { feature = "api_calls" });

        Assert.All(new[] { byHeader, byRoute, byOwner, personal }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(4, await app.ClientFor(org.Viewer).UsedAsync("api_calls", org.Id));
        var routeCheck = await app.ClientFor(org.Viewer).CheckAsync("api_calls", route: $"/api/v1/organizations/{org.Id}/usage/check/api_calls");
        var body = await routeCheck.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, body.GetProperty("used").GetInt64());
        Assert.Equal(5, body.GetProperty("limit").GetInt64());
        Assert.Equal(1, body.GetProperty("remaining").GetInt64());
        Assert.Equal(1, await app.ClientFor(org.Member).UsedAsync("api_calls"));
        Assert.Equal(0, await app.ClientFor(org.Owner).UsedAsync("api_calls"));
    }

    [Fact]
    public async Task Track_WhenAViewerOrAStrangerTries_ShouldRefuseWith403AndCountNothing()
    {
        await using var app = new BillingApp();
        var org = await TestOrganization.CreateAsync(app);
        var stranger = app.ClientFor(TestEvents.NewUserId());
        var viewer = app.ClientFor(org.Viewer);
        var orgTrack = $"/api/v1/organizations/{org.Id}/usage/track";

        var refusals = new[]
        {
            await viewer.TrackAsync(new { feature = "api_calls" }, org.Id),
            await viewer.TrackAsync(new { feature = "api_calls" }, route: orgTrack),
            await stranger.TrackAsync(new { feature = "api_calls" }, org.Id),
            await stranger.TrackAsync(new { feature = "api_calls" }, route: orgTrack),
            await stranger.CheckAsync("api_calls", org.Id),
            await stranger.CheckAsync("api_calls", route: $"/api/v1/organizations/{org.Id}/usage/check/api_calls"),
        };

        Assert.All(refusals, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("Viewers", (await refusals[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Contains("not a member", (await refusals[2].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(0, await viewer.UsedAsync("api_calls", org.Id));
        Assert.Equal(0, await app.ClientFor(org.Owner).UsedAsync("api_calls", org.Id));
    }

    [Fact]
    public async Task Track_WhenTheOrganizationHeaderIsEmptyOrContradictsTheRoute_ShouldAnswer400NamingTheHeader()
    {
        await using var app = new BillingApp();
        var org = await TestOrganization.CreateAsync(app);
        var member = app.ClientFor(org.Member);

        var empty = await member.TrackAsync(new { feature = "api_calls" }, " ");
        var contradicting = await member.TrackAsync(new { feature = "api_calls" }, TestEvents.NewOrganizationId(), $"/api/v1/organizations/{org.Id}/usage/track");

        foreach (var response in new[] { empty, contradicting })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("X-Organization-Id", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }

        Assert.Equal(0, await member.UsedAsync("api_calls", org.Id));
        Assert.Equal(0, await member.UsedAsync("api_calls"));
    }

    [Fact]
    public async Task Track_WhenTheOrganizationSubscribes_ShouldCountAgainstItsPlanLimitAndResetWhenItsInvoiceIsPaid()
    {
        await using var stripe = await StripeEmulatorServer.StartAsync();
        await using var app = new BillingApp().WithStripe(stripe); // free: 5 api_calls, pro: 20
        var org = await TestOrganization.CreateAsync(app);
        var member = app.ClientFor(org.Member);
        await member.TrackAsync(new { feature = "api_calls", quantity = 5 }, org.Id);
        var pastFree = await member.TrackAsync(new { feature = "api_calls" }, org.Id);

        await app.ClientFor(org.Owner).PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" });
        var customerId = stripe.Customers.Keys.Single();
        await app.DeliverAsync(TestEvents.Subscription(null, customerId, "sub_org", "active", TestEvents.T0, "created"));
        var onPro = await member.TrackAsync(new { feature = "api_calls", quantity = 15 }, org.Id);
        var pastPro = await member.TrackAsync(new { feature = "api_calls" }, org.Id);
        await member.TrackAsync(new { feature = "api_calls", quantity = 3 }); // the member's own usage
        await app.DeliverAsync(TestEvents.InvoicePaid(customerId, "sub_org", "in_org1", TestEvents.T0.AddMonths(1)));

        Assert.Equal(HttpStatusCode.TooManyRequests, pastFree.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onPro.StatusCode);
        Assert.Equal(20, (await onPro.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limit").GetInt64());
        Assert.Equal(HttpStatusCode.TooManyRequests, pastPro.StatusCode);
        var refusal = await pastPro.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20, refusal.GetProperty("used").GetInt64());
        Assert.Contains("limit", refusal.GetProperty("error").GetString());
        Assert.Equal(0, await member.UsedAsync("api_calls", org.Id));
        Assert.Equal(3, await member.UsedAsync("api_calls"));
    }
}
